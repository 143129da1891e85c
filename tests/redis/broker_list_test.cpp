// SPDX-License-Identifier: MIT
// List subscriptions on Redis only: concurrency and graceful stop. The
// rest runs on both backends in tests/behaviour/list_test.cpp.
#include <atomic>
#include <thread>

#include "redactor/codec/payload.hpp"
#include "support/broker_test.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

using broker_list_test = test::broker_test;

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

} // namespace
