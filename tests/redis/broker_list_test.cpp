// SPDX-License-Identifier: MIT
// List subscriptions on Redis only: concurrency and graceful stop. The
// rest runs on both backends in tests/behaviour/list_test.cpp.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

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

TEST_F(broker_list_test, unsubscribed_before_the_start_it_never_reads) {
  broker b{options()};
  auto dropped = b.subscribe(list_sub{"dropped"}, [](const message&) {});
  std::atomic<int> kept_got{0};
  auto kept =
      b.subscribe(list_sub{"kept"}, [&](const message&) { ++kept_got; });
  dropped.unsubscribe();
  EXPECT_EQ(b.asyncapi().find("dropped"), std::string::npos);
  command({"RPUSH", "dropped", "left alone"});
  command({"RPUSH", "kept", "read"});
  b.start();
  ASSERT_TRUE(test::eventually([&] { return kept_got == 1; }));
  EXPECT_EQ(list_items("dropped").size(), 1u);
  EXPECT_FALSE(dropped.active());
}

TEST_F(broker_list_test, stop_gives_items_back_in_read_order_across_workers) {
  auto opts = options();
  opts.graceful_timeout = 5s;
  broker b{opts};
  std::atomic<int> entered{0};
  std::atomic<bool> release_first{false};
  std::atomic<bool> release_second{false};
  list_sub sub{"spread"};
  sub.max_records = 10;
  sub.max_workers = 2;
  // One read of six items, split over the two workers as [0 1 2] and
  // [3 4 5]; each worker holds its first item until released.
  auto token = b.subscribe(sub, [&](const message& m) {
    if (m.body() == "item0" || m.body() == "item3") {
      ++entered;
      auto& release = m.body() == "item0" ? release_first : release_second;
      while (!release)
        std::this_thread::sleep_for(5ms);
    }
  });
  for (int i = 0; i < 6; ++i)
    command({"RPUSH", "spread", "item" + std::to_string(i)});
  b.start();
  ASSERT_TRUE(test::eventually([&] { return entered == 2; }));
  std::thread stopper([&] { b.stop(); });
  // The second worker finishes first, so its unhandled items reach the
  // subscription before the first worker's.
  std::this_thread::sleep_for(100ms);
  release_second = true;
  std::this_thread::sleep_for(100ms);
  release_first = true;
  stopper.join();
  std::vector<std::string> bodies;
  for (auto& item : list_items("spread"))
    bodies.push_back(decode_payload(item).body);
  EXPECT_EQ(bodies,
            (std::vector<std::string>{"item1", "item2", "item4", "item5"}));
}

} // namespace
