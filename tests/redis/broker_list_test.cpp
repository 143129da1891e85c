// SPDX-License-Identifier: MIT
// List subscriptions: single and batch reads, concurrency, graceful stop.
#include <atomic>
#include <thread>

#include "redactor/codec/payload.hpp"
#include "support/broker_test.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

using broker_list_test = test::broker_test;

TEST_F(broker_list_test, handles_items_in_order) {
  broker b{options()};
  test::collector got;
  auto token =
      b.subscribe(list_sub{"jobs"}, [&](const message& m) { got.add(m); });
  b.start();
  auto pub = b.make_publisher(destination::list("jobs"));
  for (int i = 0; i < 25; ++i) {
    auto r = pub.publish(std::to_string(i)).get();
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_GE(r->count, 1); // the list length after RPUSH
  }
  ASSERT_TRUE(got.wait_for(25));
  auto bodies = got.bodies();
  for (int i = 0; i < 25; ++i)
    EXPECT_EQ(bodies[i], std::to_string(i));
}

TEST_F(broker_list_test, batch_handler_gets_up_to_max_records) {
  broker b{options()};
  std::mutex mtx;
  std::vector<std::size_t> sizes;
  std::atomic<std::size_t> total{0};
  list_sub sub{"batch"};
  sub.max_records = 4;
  auto token = b.subscribe(sub, [&](const std::vector<message>& ms) {
    std::lock_guard<std::mutex> guard{mtx};
    sizes.push_back(ms.size());
    total += ms.size();
  });
  // Preloaded in one RPUSH, so reads find full batches.
  std::vector<std::string> bodies;
  for (int i = 0; i < 10; ++i)
    bodies.push_back("b" + std::to_string(i));
  b.start();
  auto r =
      b.make_publisher(destination::list("batch")).publish_batch(bodies).get();
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_TRUE(test::eventually([&] { return total == 10; }));
  std::lock_guard<std::mutex> guard{mtx};
  for (auto n : sizes)
    EXPECT_LE(n, 4u);
}

TEST_F(broker_list_test, max_workers_run_handlers_concurrently) {
  broker b{options()};
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  std::atomic<int> done{0};
  list_sub sub{"parallel"};
  sub.max_workers = 4;
  auto token = b.subscribe(sub, [&](const message&) {
    int now = ++running;
    int prev = peak.load();
    while (now > prev && !peak.compare_exchange_weak(prev, now)) {
    }
    std::this_thread::sleep_for(50ms);
    --running;
    ++done;
  });
  for (int i = 0; i < 8; ++i)
    command({"RPUSH", "parallel", std::to_string(i)});
  b.start();
  ASSERT_TRUE(test::eventually([&] { return done == 8; }));
  EXPECT_GT(peak.load(), 1);
}

TEST_F(broker_list_test, stop_pushes_unhandled_items_back_in_order) {
  auto opts = options();
  opts.graceful_timeout = 5s;
  broker b{opts};
  std::atomic<bool> entered{false};
  std::atomic<int> handled{0};
  list_sub sub{"work"};
  sub.max_records = 10;
  auto token = b.subscribe(sub, [&](const message&) {
    entered = true;
    std::this_thread::sleep_for(300ms);
    ++handled;
  });
  for (int i = 0; i < 6; ++i)
    command({"RPUSH", "work", "item" + std::to_string(i)});
  b.start();
  ASSERT_TRUE(test::eventually([&] { return entered.load(); }));
  b.stop();
  // The handler that was running finished; the rest went back to the head,
  // in their order; nothing was lost.
  auto left = list_items("work");
  EXPECT_EQ(handled.load() + static_cast<int>(left.size()), 6);
  ASSERT_FALSE(left.empty());
  for (std::size_t i = 0; i < left.size(); ++i) {
    auto body = decode_payload(left[i]).body;
    EXPECT_EQ(body, "item" + std::to_string(6 - left.size() + i));
  }
}

TEST_F(broker_list_test, validation_errors_are_thrown_before_redis) {
  broker b{options()};
  list_sub sub{""};
  EXPECT_THROW((void)b.subscribe(sub, [](const message&) {}), error);
  list_sub zero{"x"};
  zero.max_records = 0;
  EXPECT_THROW((void)b.subscribe(zero, [](const message&) {}), error);
  stream_sub half{"s"};
  half.group = "g";
  EXPECT_THROW((void)b.subscribe(half, [](const message&) {}), error);
  EXPECT_THROW(
      (void)b.subscribe(channel_sub{"c"}, [](const std::vector<message>&) {}),
      error);
}

} // namespace
