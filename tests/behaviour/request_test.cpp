// SPDX-License-Identifier: MIT
// request() and replies, on Redis and on the test broker. Timeouts, late
// replies, the pending cap and many threads over one inbox exist on Redis
// only: tests/redis/broker_request_test.cpp. The test broker's own
// answers (no_subscriber, idle means timeout) are in
// tests/unit/testing/test_broker_test.cpp.
#include "behaviour/backends.hpp"
#include "redactor/codec/wire_headers.hpp"
#include "redactor/reply_address.hpp"
#include "redactor/typed_handler.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

struct quote_request {
  std::string sku;
  int qty = 0;
};
BOOST_DESCRIBE_STRUCT(quote_request, (), (sku, qty))

struct quote {
  std::string sku;
  double price = 0;
};
BOOST_DESCRIBE_STRUCT(quote, (), (sku, price))

template <class Backend>
class request_behaviour : public Backend {};

TYPED_TEST_SUITE(request_behaviour, test::backends, test::backend_index);

auto echo = [](const message& m) { return "echo:" + std::string(m.body()); };

long long unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TYPED_TEST(request_behaviour, replies_come_back_from_every_kind) {
  auto& b = this->make();
  auto t1 = b.subscribe(channel_sub{"svc.channel"}, echo);
  auto t2 = b.subscribe(list_sub{"svc.list"}, echo);
  auto t3 = b.subscribe(stream_sub{"svc.stream", "g", "c"}, echo);
  b.start();
  for (auto to :
       {destination::channel("svc.channel"), destination::list("svc.list"),
        destination::stream("svc.stream")}) {
    publish_options opts;
    opts.correlation_id = "cid-" + to.name;
    auto r = b.request(to, "ping", 5s, opts).get();
    ASSERT_TRUE(r) << to.name << ": " << r.error().message();
    EXPECT_EQ(r->body(), "echo:ping");
    EXPECT_EQ(r->correlation_id(), "cid-" + to.name);
  }
  EXPECT_EQ(b.requests().replied, 3u);
  EXPECT_EQ(b.requests().pending, 0u);
}

TYPED_TEST(request_behaviour, a_responder_may_set_its_own_correlation_id) {
  auto& b = this->make();
  // As FastStream documents it: Response(correlation_id=..., headers=...).
  auto token = b.subscribe(channel_sub{"svc.own"}, [](const message& m) {
    response r{"re:" + std::string{m.body()}};
    r.correlation_id = "some-correlation-id";
    r.headers.push_back({"x-responder", "own"});
    return r;
  });
  b.start();
  // Two at once with the same id: each gets its own reply.
  publish_options same;
  same.correlation_id = "cid-twice";
  auto first = b.request(destination::channel("svc.own"), "a", 5s, same);
  auto second = b.request(destination::channel("svc.own"), "b", 5s, same);
  for (auto* f : {&first, &second}) {
    auto r = f->get();
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->correlation_id(), "some-correlation-id");
    EXPECT_EQ(r->header("x-responder"), "own");
    EXPECT_EQ(r->body(), f == &first ? "re:a" : "re:b");
  }
  EXPECT_EQ(b.requests().replied, 2u);
}

TYPED_TEST(request_behaviour, typed_requests_and_publishes_carry_json) {
  broker& b = this->make();
  test::collector seen;
  auto service = b.subscribe(
      list_sub{"quotes"}, typed([&](const quote_request& q, const message& m) {
        seen.add(m);
        return quote{q.sku, 1.5 * q.qty};
      }));
  b.start();
  auto r = b.request<quote>(destination::list("quotes"),
                            quote_request{"apple", 2}, 5s)
               .get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->sku, "apple");
  EXPECT_EQ(r->price, 3.0);
  ASSERT_TRUE(
      b.publish(destination::list("quotes"), quote_request{"pear", 1}).get());
  ASSERT_TRUE(this->settle([&] { return seen.size() == 2; }));
  for (auto& m : seen.items()) {
    auto* type = find_header(m.headers, "content-type");
    ASSERT_NE(type, nullptr);
    EXPECT_EQ(*type, "application/json");
  }
  // A reply that does not convert names the field.
  auto wrong = b.request<quote_request>(destination::list("quotes"),
                                        quote_request{"fig", 1}, 5s)
                   .get();
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, make_error_code(errc::invalid_json));
  EXPECT_EQ(wrong.error().detail, "field 'qty' is missing");
}

TYPED_TEST(request_behaviour, a_throwing_handler_answers_with_its_error) {
  auto& b = this->make();
  auto token = b.subscribe(list_sub{"svc"}, [](const message&) -> std::string {
    throw std::runtime_error("division by zero");
  });
  b.start();
  // A 60 s timeout: only the error reply can end this request in time.
  auto f = b.request(destination::list("svc"), "x", 60s);
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
  auto r = f.get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, make_error_code(errc::remote_error));
  EXPECT_EQ(r.error().detail, "division by zero");
  EXPECT_EQ(token.counts().failed, 1u);
}

TYPED_TEST(request_behaviour, the_error_reply_is_a_documented_frame) {
  auto& b = this->make();
  channel_sub sub{"svc"};
  sub.reply_key_prefixes = {"replies"};
  auto token = b.subscribe(
      sub, [](const message&) -> void { throw std::runtime_error("boom"); });
  b.start();
  publish_options opts;
  opts.reply_to = "list://replies";
  opts.correlation_id = "c-1";
  ASSERT_TRUE(b.publish(destination::channel("svc"), "x", opts).get());
  auto replies = destination::list("replies");
  ASSERT_TRUE(this->settle([&] { return this->written(replies).size() == 1; }));
  auto reply = this->written(replies).at(0);
  EXPECT_EQ(reply.body(), "boom");
  EXPECT_EQ(reply.headers(), (header_list{{"correlation_id", "c-1"},
                                          {"content-type", "text/plain"},
                                          {"x-redactor-error", "handler"}}));
}

TYPED_TEST(request_behaviour, requests_carry_their_deadline) {
  auto& b = this->make();
  auto token = b.subscribe(list_sub{"svc"}, [](const message& m) {
    return std::string{m.header(wire_headers::deadline).value_or("")};
  });
  b.start();
  auto before = unix_ms();
  auto r = b.request(destination::list("svc"), "x", 5s).get();
  ASSERT_TRUE(r) << r.error().message();
  auto deadline = std::stoll(std::string{r->body()});
  EXPECT_GE(deadline, before + 5000);
  EXPECT_LE(deadline, unix_ms() + 5000);
}

TYPED_TEST(request_behaviour, reply_to_names_a_list_or_a_stream) {
  auto& b = this->make();
  channel_sub sub{"svc"};
  sub.reply_key_prefixes = {"replies"};
  auto token = b.subscribe(
      sub, [](const message& m) { return "re:" + std::string(m.body()); });
  b.start();
  publish_options opts;
  opts.reply_to = reply_address(destination::list("replies"));
  EXPECT_EQ(opts.reply_to, "list://replies");
  ASSERT_TRUE(b.publish(destination::channel("svc"), "a", opts).get());
  opts.reply_to = "stream://replies-stream";
  ASSERT_TRUE(b.publish(destination::channel("svc"), "b", opts).get());
  auto list = destination::list("replies");
  auto stream = destination::stream("replies-stream");
  ASSERT_TRUE(this->settle([&] {
    return this->written(list).size() == 1 && this->written(stream).size() == 1;
  }));
  EXPECT_EQ(this->written(list).at(0).body(), "re:a");
  EXPECT_EQ(this->written(stream).at(0).body(), "re:b");
}

TYPED_TEST(request_behaviour, a_subscription_can_reply_to_a_list_by_default) {
  auto& b = this->make();
  channel_sub sub{"svc"};
  sub.reply_kind = destination::kind::list;
  sub.reply_key_prefixes = {"plain-"};
  auto token = b.subscribe(sub, echo);
  b.start();
  publish_options opts;
  opts.reply_to = "plain-name";
  ASSERT_TRUE(b.publish(destination::channel("svc"), "a", opts).get());
  auto replies = destination::list("plain-name");
  ASSERT_TRUE(this->settle([&] { return this->written(replies).size() == 1; }));
  EXPECT_EQ(this->written(replies).at(0).body(), "echo:a");
}

TYPED_TEST(request_behaviour, senders_cannot_choose_the_keys_a_reply_writes) {
  auto& b = this->make();
  int ran = 0;
  list_sub sub{"svc"};
  sub.reply_key_prefixes = {"replies:"};
  sub.reply_maxlen = 1;
  auto token = b.subscribe(sub, [&](const message& m) {
    ++ran;
    return std::string{m.body()};
  });
  b.start();
  auto send = [&](std::string reply_to) {
    publish_options opts;
    opts.reply_to = std::move(reply_to);
    ASSERT_TRUE(b.publish(destination::list("svc"), "x", opts).get());
  };
  send("list://orders");
  send("stream://audit");
  send("stream://replies-but-not-under-the-prefix");
  send("list://replies:1");
  send("inbox-channel");
  auto allowed = destination::list("replies:1");
  ASSERT_TRUE(this->settle([&] {
    return token.counts().received == 5 && this->written(allowed).size() == 1;
  }));
  EXPECT_EQ(ran, 2);
  EXPECT_EQ(token.counts().refused_replies, 3u);
  EXPECT_TRUE(this->written(destination::list("orders")).empty());
  EXPECT_TRUE(this->written(destination::stream("audit")).empty());
}

TYPED_TEST(request_behaviour,
           requests_and_publishes_fail_clearly_unless_running) {
  auto& b = this->make();
  auto token = b.subscribe(list_sub{"q"}, echo);
  auto not_running = make_error_code(errc::not_running);
  auto early = b.request(destination::list("q"), "x", 1s).get();
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, not_running);
  auto published = b.publish(destination::list("q"), "x").get();
  ASSERT_FALSE(published);
  EXPECT_EQ(published.error().code, not_running);
  b.start();
  b.stop();
  auto late = b.request(destination::list("q"), "x", 1s).get();
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, not_running);
}

} // namespace
