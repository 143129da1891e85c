// SPDX-License-Identifier: MIT
// request(): one Pub/Sub inbox per broker, replies matched by correlation
// id, against channel, list and stream subscribers.
#include <future>
#include <thread>

#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/wire_headers.hpp"
#include "redactor/reply_address.hpp"

#include "support/broker_test.hpp"

using namespace redactor;
using redactor::test::collector;
using redactor::test::eventually;
using namespace std::chrono_literals;

namespace {

class broker_request_test : public test::broker_test {
 protected:
  static long long unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  /// XINFO STREAM's entries-added: every XADD, trimmed or not.
  long long entries_added(std::string_view stream) {
    auto r = command({"XINFO", "STREAM", stream});
    for (std::size_t i = 0; r && i + 1 < r->elements; i += 2)
      if (std::string_view{r->element[i]->str} == "entries-added")
        return r->element[i + 1]->integer;
    return -1;
  }
};

auto echo = [](const message& m) { return "echo:" + std::string(m.body()); };

TEST_F(broker_request_test, replies_come_back_from_every_subscription_kind) {
  broker b{options()};
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
}

TEST_F(broker_request_test, no_reply_is_a_timeout_error) {
  broker b{options()};
  b.start();
  auto r = b.request(destination::list("nobody"), "x", 100ms).get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, make_error_code(errc::timeout));
}

TEST_F(broker_request_test, many_threads_share_the_one_inbox) {
  broker b{options()};
  channel_sub sub{"svc"};
  sub.max_workers = 4;
  auto token = b.subscribe(sub, echo);
  b.start();
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      std::vector<std::pair<std::string, std::future<result<message>>>> calls;
      for (int i = 0; i < 1000; ++i) {
        auto body = std::to_string(t) + "/" + std::to_string(i);
        calls.emplace_back(body,
                           b.request(destination::channel("svc"), body, 10s));
      }
      for (auto& [body, f] : calls) {
        auto r = f.get();
        if (r && r->body() == "echo:" + body)
          ++good;
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(good.load(), 8000);
  EXPECT_EQ(b.requests().replied, 8000u);
  EXPECT_EQ(b.requests().pending, 0u);
  // One inbox: the broker holds a single Pub/Sub subscription for replies.
  auto channels = command({"PUBSUB", "CHANNELS", "redactor:inbox:*"});
  EXPECT_EQ(channels->elements, 1u);
}

TEST_F(broker_request_test, a_throwing_handler_sends_an_error_reply_at_once) {
  broker b{options()};
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

TEST_F(broker_request_test, the_error_reply_is_a_documented_frame) {
  broker b{options()};
  auto token = b.subscribe(channel_sub{"svc"}, [](const message&) -> void {
    throw std::runtime_error("boom");
  });
  b.start();
  publish_options opts;
  opts.reply_to = "list://replies";
  opts.correlation_id = "c-1";
  ASSERT_TRUE(b.publish(destination::channel("svc"), "x", opts).get());
  ASSERT_TRUE(eventually([&] { return integer({"LLEN", "replies"}) == 1; }));
  auto frame = binary_format_v1::decode(list_items("replies").front());
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->body, "boom");
  EXPECT_EQ(frame->headers, (header_list{{"correlation_id", "c-1"},
                                         {"content-type", "text/plain"},
                                         {"x-redactor-error", "handler"}}));
}

TEST_F(broker_request_test, requests_carry_their_deadline) {
  broker b{options()};
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

TEST_F(broker_request_test, requests_past_their_deadline_are_dropped_unrun) {
  broker b{options()};
  collector ran;
  auto token = b.subscribe(list_sub{"svc"}, [&](const message& m) {
    ran.add(m);
    return std::string{"done"};
  });
  b.start();
  auto send = [&](std::string body, std::optional<long long> deadline) {
    publish_options opts;
    opts.reply_to = "list://replies";
    if (deadline)
      opts.headers = {{"x-redactor-deadline", std::to_string(*deadline)}};
    ASSERT_TRUE(b.publish(destination::list("svc"), body, opts).get());
  };
  send("stale", unix_ms() - 1000);
  send("fresh", unix_ms() + 60000);
  // A request without the header (a FastStream requester) always runs.
  send("plain", std::nullopt);
  ASSERT_TRUE(ran.wait_for(2));
  EXPECT_EQ(ran.bodies(), (std::vector<std::string>{"fresh", "plain"}));
  EXPECT_EQ(token.counts().expired, 1u);
  // FastStream's status for a message not processed: skipped.
  auto text = b.metrics_text();
  EXPECT_NE(text.find("redactor_received_processed_messages_total{app_name="
                      "\"redactor\",broker=\"redis\",handler=\"svc\","
                      "status=\"skipped\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("redactor_deadline_dropped_total{app_name=\"redactor\","
                      "broker=\"redis\",handler=\"svc\"} 1\n"),
            std::string::npos)
      << text;
  // Nobody waits for the stale one: it gets no reply.
  ASSERT_TRUE(eventually([&] { return integer({"LLEN", "replies"}) == 2; }));
}

TEST_F(broker_request_test, late_replies_are_dropped_and_counted) {
  broker b{options()};
  auto token = b.subscribe(channel_sub{"slow"}, [](const message&) {
    std::this_thread::sleep_for(1s);
    return std::string{"late"};
  });
  b.start();
  auto r = b.request(destination::channel("slow"), "x", 500ms).get();
  EXPECT_EQ(r.error().code, make_error_code(errc::timeout));
  // The handler ran: its deadline had not passed when it started.
  ASSERT_TRUE(eventually([&] { return b.requests().late_replies == 1; }));
  EXPECT_EQ(b.requests().replied, 0u);
  EXPECT_EQ(token.counts().expired, 0u);
}

TEST_F(broker_request_test, the_pending_map_has_a_cap) {
  auto opts = options();
  opts.max_pending_requests = 3;
  broker b{opts};
  b.start();
  std::vector<std::future<result<message>>> waiting;
  for (int i = 0; i < 3; ++i)
    waiting.push_back(b.request(destination::list("nobody"), "x", 500ms));
  auto refused = b.request(destination::list("nobody"), "x", 500ms);
  ASSERT_EQ(refused.wait_for(0s), std::future_status::ready);
  EXPECT_EQ(refused.get().error().code,
            make_error_code(errc::too_many_pending));
  for (auto& f : waiting)
    EXPECT_EQ(f.get().error().code, make_error_code(errc::timeout));
  auto counts = b.requests();
  EXPECT_EQ(counts.refused, 1u);
  EXPECT_EQ(counts.timed_out, 3u);
  EXPECT_EQ(counts.pending, 0u);
  // Slots free again once the requests ended.
  EXPECT_EQ(
      b.request(destination::list("nobody"), "x", 10ms).get().error().code,
      make_error_code(errc::timeout));
}

TEST_F(broker_request_test, replies_go_to_lists_and_streams_by_reply_to) {
  broker b{options()};
  auto token = b.subscribe(channel_sub{"svc"}, [](const message& m) {
    redis_response r{"re:" + std::string(m.body())};
    r.maxlen = m.body() == "trimmed" ? 5 : 0;
    return r;
  });
  b.start();
  publish_options opts;
  opts.reply_to = reply_address(destination::list("replies"));
  EXPECT_EQ(opts.reply_to, "list://replies");
  ASSERT_TRUE(b.publish(destination::channel("svc"), "a", opts).get());
  ASSERT_TRUE(eventually([&] { return integer({"LLEN", "replies"}) == 1; }));
  EXPECT_EQ(binary_format_v1::decode(list_items("replies").front())->body,
            "re:a");

  // One entry per node, so approximate trimming trims to the entry.
  command({"CONFIG", "SET", "stream-node-max-entries", "1"});
  opts.reply_to = "stream://replies-stream";
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(b.publish(destination::channel("svc"), "trimmed", opts).get());
  ASSERT_TRUE(
      eventually([&] { return entries_added("replies-stream") == 20; }));
  auto len = integer({"XLEN", "replies-stream"});
  EXPECT_GE(len, 5);
  EXPECT_LT(len, 20);
}

TEST_F(broker_request_test, a_subscription_can_reply_to_a_list_by_default) {
  broker b{options()};
  channel_sub sub{"svc"};
  sub.reply_kind = destination::kind::list;
  auto token = b.subscribe(sub, echo);
  b.start();
  publish_options opts;
  opts.reply_to = "plain-name";
  ASSERT_TRUE(b.publish(destination::channel("svc"), "a", opts).get());
  ASSERT_TRUE(eventually([&] { return integer({"LLEN", "plain-name"}) == 1; }));
}

TEST_F(broker_request_test, requests_fail_clearly_when_the_broker_is_stopped) {
  broker b{options()};
  auto r = b.request(destination::list("q"), "x", 1s).get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, make_error_code(errc::connection_lost));
}

} // namespace
