// SPDX-License-Identifier: MIT
// request() on Redis only: timeouts, late replies, the pending cap, many
// threads over one Pub/Sub inbox, deadlines, approximate trimming. The
// rest runs on both backends in tests/behaviour/request_test.cpp.
#include <atomic>
#include <future>
#include <thread>

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
  // One inbox connection holds every reply channel (one per request, used
  // once): besides the subscription's, no other Pub/Sub connection.
  auto pubsub = command({"CLIENT", "LIST", "TYPE", "pubsub"});
  std::string clients{pubsub->str, pubsub->len};
  EXPECT_EQ(std::count(clients.begin(), clients.end(), '\n'), 2) << clients;
  // Answered requests gave their channels back: what stays subscribed is
  // the few kept ahead for the next requests.
  EXPECT_TRUE(eventually([&] {
    auto channels = command({"PUBSUB", "CHANNELS", "redactor:inbox:*"});
    return channels->elements <= 4096;
  }));
}

TEST_F(broker_request_test, requests_racing_a_stop_all_end) {
  // Nothing answers: each request ends with the stop (connection_lost) or
  // finds the broker stopped (not_running), never with no answer at all.
  broker b{options()};
  b.start();
  std::atomic<bool> stopped{false};
  std::vector<std::future<result<message>>> calls[4];
  std::vector<std::thread> threads;
  for (auto& mine : calls)
    threads.emplace_back([&b, &stopped, &mine] {
      while (true) {
        mine.push_back(b.request(destination::list("nobody"), "x", 60s));
        if (stopped.load())
          break;
      }
    });
  std::this_thread::sleep_for(50ms);
  b.stop();
  stopped = true;
  for (auto& t : threads)
    t.join();
  std::size_t total = 0;
  for (auto& mine : calls)
    for (auto& f : mine) {
      ++total;
      ASSERT_EQ(f.wait_for(5s), std::future_status::ready)
          << "a request that raced the stop was never answered";
      auto r = f.get();
      ASSERT_FALSE(r);
      EXPECT_TRUE(r.error().code == make_error_code(errc::connection_lost) ||
                  r.error().code == make_error_code(errc::not_running))
          << r.error().message();
    }
  EXPECT_GT(total, 4u);
  EXPECT_EQ(b.requests().pending, 0u);
}

TEST_F(broker_request_test, a_forged_reply_flood_does_not_stop_real_replies) {
  broker b{options()};
  auto token = b.subscribe(list_sub{"svc"}, echo);
  b.start();
  // A reply channel the broker subscribed ahead, which the next requests
  // may take.
  auto inbox = command({"PUBSUB", "CHANNELS", "redactor:inbox:*"});
  ASSERT_GE(inbox->elements, 1u);
  std::string channel{inbox->element[0]->str, inbox->element[0]->len};
  // 100,000 forged replies of 256 bytes, pipelined as fast as Redis takes
  // them; the inbox is read on the I/O thread and each read is routed
  // before the next, so they cannot pile up in memory. (25.6 MB in all:
  // below Redis's 32 MB output limit for a subscriber, past which Redis
  // itself drops the inbox connection and replies sent meanwhile are lost.)
  std::atomic<bool> flooding{true};
  std::thread flood([&] {
    auto* ctx = redisConnect("127.0.0.1", server().port());
    ASSERT_TRUE(ctx && !ctx->err);
    std::string forged(256, 'x');
    for (int batch = 0; batch < 100 && flooding; ++batch) {
      for (int i = 0; i < 1000; ++i)
        redisAppendCommand(ctx, "PUBLISH %b %b", channel.data(), channel.size(),
                           forged.data(), forged.size());
      for (int i = 0; i < 1000; ++i) {
        void* reply = nullptr;
        if (redisGetReply(ctx, &reply) == REDIS_OK)
          freeReplyObject(reply);
      }
    }
    redisFree(ctx);
  });
  // Once the first forged reply is in, the broker never hands that channel
  // to a request (before, a request might take it and get a forged reply).
  ASSERT_TRUE(eventually([&] { return b.requests().late_replies > 0; }));
  int answered = 0;
  for (int i = 0; i < 100; ++i) {
    auto r = b.request(destination::list("svc"), std::to_string(i), 5s).get();
    answered += r && r->body() == "echo:" + std::to_string(i) ? 1 : 0;
  }
  flooding = false;
  flood.join();
  EXPECT_EQ(answered, 100);
  EXPECT_GT(b.requests().late_replies, 0u); // the forged ones, dropped
  EXPECT_TRUE(b.health().healthy) << b.health().reason;
}

TEST_F(broker_request_test, requests_past_their_deadline_are_dropped_unrun) {
  broker b{options()};
  collector ran;
  list_sub sub{"svc"};
  sub.reply_key_prefixes = {"replies"};
  auto token = b.subscribe(sub, [&](const message& m) {
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

TEST_F(broker_request_test, a_request_that_cannot_be_sent_fails_at_once) {
  auto opts = options();
  opts.max_message_bytes = 1000;
  broker b{opts};
  channel_sub sub{"svc"};
  auto token = b.subscribe(sub, echo);
  b.start();
  auto start = std::chrono::steady_clock::now();
  auto r =
      b.request(destination::channel("svc"), std::string(2000, 'x'), 30s).get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, make_error_code(errc::invalid_argument));
  EXPECT_NE(r.error().detail.find("max_message_bytes"), std::string::npos)
      << r.error().detail;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s)
      << "failed by its send, not by its timeout";
  EXPECT_EQ(b.requests().pending, 0u);
  // Its channel and slot are free, and the next request is answered.
  auto next = b.request(destination::channel("svc"), "small", 5s).get();
  ASSERT_TRUE(next) << next.error().detail;
  EXPECT_EQ(next->body(), "echo:small");
}

TEST_F(broker_request_test, stream_replies_are_trimmed_by_the_response) {
  broker b{options()};
  channel_sub sub{"svc"};
  sub.reply_key_prefixes = {"replies-"};
  auto token = b.subscribe(sub, [](const message& m) {
    redis_response r{"re:" + std::string(m.body())};
    r.maxlen = 5;
    return r;
  });
  b.start();
  // One entry per node, so approximate trimming trims to the entry.
  command({"CONFIG", "SET", "stream-node-max-entries", "1"});
  publish_options opts;
  opts.reply_to = "stream://replies-stream";
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(b.publish(destination::channel("svc"), "trimmed", opts).get());
  ASSERT_TRUE(
      eventually([&] { return entries_added("replies-stream") == 20; }));
  auto len = integer({"XLEN", "replies-stream"});
  EXPECT_GE(len, 5);
  EXPECT_LT(len, 20);
}

} // namespace
