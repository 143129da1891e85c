// SPDX-License-Identifier: MIT
// request(): one Pub/Sub inbox per broker, replies matched by correlation
// id, against channel, list and stream subscribers.
#include <thread>

#include "support/broker_test.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

using broker_request_test = test::broker_test;

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
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::vector<std::pair<std::string, std::future<result<message>>>> calls;
      for (int i = 0; i < 250; ++i) {
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
  EXPECT_EQ(good.load(), 1000);
  // One inbox: the broker holds a single Pub/Sub subscription for replies.
  auto channels = command({"PUBSUB", "CHANNELS", "redactor:inbox:*"});
  EXPECT_EQ(channels->elements, 1u);
}

TEST_F(broker_request_test, requests_fail_clearly_when_the_broker_is_stopped) {
  broker b{options()};
  auto r = b.request(destination::list("q"), "x", 1s).get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, make_error_code(errc::connection_lost));
}

} // namespace
