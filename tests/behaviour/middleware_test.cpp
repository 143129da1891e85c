// SPDX-License-Identifier: MIT
// Middleware hooks and W3C trace context propagation, on Redis, on the
// test broker and on a cluster.
#include <mutex>

#include "behaviour/backends.hpp"
#include "redactor/middleware.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

template <class Backend>
class middleware_behaviour : public Backend {};

TYPED_TEST_SUITE(middleware_behaviour, test::backends, test::backend_index);

/// Records every hook and stamps what is published.
class recorder : public middleware {
 public:
  void before_handle(const message& m) override {
    add("before " + std::string{m.body()});
  }
  void after_handle(const message& m, const handling_outcome& o) override {
    add("after " + std::string{m.body()} +
        (o.failure ? " failed " + o.failure_type : " ok") +
        (o.batch_size > 1 ? " " + std::to_string(o.batch_index) + "/" +
                                std::to_string(o.batch_size)
                          : std::string{}));
  }
  void before_publish(const destination& to, publish_options& o) override {
    if (to.name.rfind("redactor:inbox:", 0) == 0)
      add("publish reply");
    else
      add("publish " + to.name);
    o.headers.push_back({"x-audit", "seen"});
  }

  std::vector<std::string> seen() {
    std::lock_guard<std::mutex> guard{mtx_};
    return seen_;
  }

 private:
  void add(std::string what) {
    std::lock_guard<std::mutex> guard{mtx_};
    seen_.push_back(std::move(what));
  }

  std::mutex mtx_;
  std::vector<std::string> seen_;
};

/// Throws from every hook: the broker logs it and goes on.
class thrower : public middleware {
 public:
  void before_handle(const message&) override { throw std::runtime_error{"b"}; }
  void after_handle(const message&, const handling_outcome&) override {
    throw std::runtime_error{"a"};
  }
  void before_publish(const destination&, publish_options&) override {
    throw std::runtime_error{"p"};
  }
};

constexpr const char* parent =
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

} // namespace

TYPED_TEST(middleware_behaviour, hooks_run_around_handlers_and_publishes) {
  auto rec = std::make_shared<recorder>();
  broker& b = this->make([&](broker_options& o) {
    o.middleware = {std::make_shared<thrower>(), rec};
    o.log = [](log_level, std::string_view) {};
  });
  auto token = b.subscribe(channel_sub{"mw.in"}, [&](const message& m) {
    if (!b.publish(destination::list("mw.out"), "side").get())
      throw std::runtime_error{"the side publish failed"};
    if (m.body() == "bad")
      throw std::runtime_error{"bad"};
    return std::string{"re:"} + std::string{m.body()};
  });
  b.start();
  auto r = b.request(destination::channel("mw.in"), "ping", 5s).get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->body(), "re:ping");
  EXPECT_EQ(r->header("x-audit"), "seen"); // replies pass before_publish too
  auto failed = b.request(destination::channel("mw.in"), "bad", 5s).get();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, make_error_code(errc::remote_error));
  auto seen = rec->seen();
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "publish mw.in", "before ping", "publish mw.out",
                      "after ping ok", "publish reply", "publish mw.in",
                      "before bad", "publish mw.out",
                      "after bad failed std::runtime_error", "publish reply"}));
  auto side = this->written(destination::list("mw.out"));
  ASSERT_EQ(side.size(), 2u);
  EXPECT_EQ(side[0].header("x-audit"), "seen");
}

TYPED_TEST(middleware_behaviour, a_batch_call_ends_once_for_each_message) {
  auto rec = std::make_shared<recorder>();
  broker& b = this->make([&](broker_options& o) { o.middleware = {rec}; });
  b.start();
  // Queued before the subscription reads: one read takes all three.
  ASSERT_TRUE(b.make_publisher(destination::list("mw.batch"))
                  .publish_batch({"a", "b", "c"})
                  .get());
  list_sub sub{"mw.batch"};
  sub.max_records = 10;
  auto token = b.subscribe(sub, [](const std::vector<message>&) {});
  ASSERT_TRUE(this->settle([&] { return rec->seen().size() == 7; }));
  EXPECT_EQ(rec->seen(),
            (std::vector<std::string>{"publish mw.batch", "before a",
                                      "before b", "before c", "after a ok 0/3",
                                      "after b ok 1/3", "after c ok 2/3"}));
}

TYPED_TEST(middleware_behaviour, trace_context_follows_a_message_through) {
  broker& b = this->make();
  channel_sub sub{"tr.in"};
  sub.publish_to = {destination::list("tr.onward")};
  auto token = b.subscribe(sub, [&](const message&) {
    if (!b.publish(destination::list("tr.side"), "side").get())
      throw std::runtime_error{"the side publish failed"};
    publish_options own;
    own.headers.push_back({"traceparent", "00-own-01"});
    if (!b.publish(destination::list("tr.own"), "own", own).get())
      throw std::runtime_error{"the own publish failed"};
    return std::string{"ok"};
  });
  b.start();
  publish_options traced;
  traced.headers = {{"traceparent", parent}, {"tracestate", "congo=t61rcWk"}};
  auto r = b.request(destination::channel("tr.in"), "x", 5s, traced).get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->header("traceparent"), parent);
  EXPECT_EQ(r->header("tracestate"), "congo=t61rcWk");
  for (const char* list : {"tr.onward", "tr.side"}) {
    // publish_to goes out after the reply: it may land after the caller
    // has its answer.
    ASSERT_TRUE(this->settle([&] {
      return this->written(destination::list(list)).size() == 1;
    })) << list;
    auto got = this->written(destination::list(list));
    EXPECT_EQ(got[0].header("traceparent"), parent) << list;
    EXPECT_EQ(got[0].header("tracestate"), "congo=t61rcWk") << list;
  }
  auto own = this->written(destination::list("tr.own"));
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].header("traceparent"), "00-own-01");
  EXPECT_FALSE(own[0].header("tracestate"));
  // Without one on the way in, none on the way out, and none leaks from
  // the handler's thread into later publishes.
  auto plain = b.request(destination::channel("tr.in"), "y", 5s).get();
  ASSERT_TRUE(plain) << plain.error().message();
  EXPECT_FALSE(plain->header("traceparent"));
  EXPECT_FALSE(
      this->written(destination::list("tr.side")).back().header("traceparent"));
  ASSERT_TRUE(b.publish(destination::list("tr.after"), "z").get());
  EXPECT_FALSE(
      this->written(destination::list("tr.after")).at(0).header("traceparent"));
}

TYPED_TEST(middleware_behaviour,
           trace_context_follows_a_handler_answering_later) {
  broker& b = this->make();
  auto first = b.make_publisher(destination::list("tr.first"));
  auto token = b.subscribe(
      channel_sub{"tr.later"}, [&](const message& m, responder reply) {
        auto body = std::string{m.body()};
        // The callback runs on an engine thread after the handler returned.
        first.publish(body, {}, [&b, body, reply](result<publish_result>) {
          (void)b.publish(destination::list("tr.second"), body);
          reply.respond(response{"done"});
        });
      });
  b.start();
  publish_options traced;
  traced.headers = {{"traceparent", parent}, {"tracestate", "congo=t61rcWk"}};
  auto r = b.request(destination::channel("tr.later"), "x", 5s, traced).get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->header("traceparent"), parent);
  auto plain = b.request(destination::channel("tr.later"), "y", 5s).get();
  ASSERT_TRUE(plain) << plain.error().message();
  ASSERT_TRUE(this->settle([&] {
    return this->written(destination::list("tr.second")).size() == 2;
  }));
  for (auto& m : this->written(destination::list("tr.second"))) {
    EXPECT_EQ(m.header("traceparent").value_or("none"),
              m.body() == "x" ? parent : "none")
        << m.body();
    EXPECT_EQ(m.header("tracestate").value_or("none"),
              m.body() == "x" ? "congo=t61rcWk" : "none")
        << m.body();
  }
}
