// SPDX-License-Identifier: MIT
#include "redis/io_loop.hpp"

#include <future>
#include <thread>

#include <gtest/gtest.h>

using redactor::redis::io_loop;
using namespace std::chrono_literals;

TEST(io_loop, posted_tasks_run_in_order_on_the_loop_thread) {
  io_loop loop;
  std::vector<int> seen;
  std::promise<std::thread::id> where;
  for (int i = 0; i < 1000; ++i)
    loop.post([&seen, i] { seen.push_back(i); });
  loop.post([&] { where.set_value(std::this_thread::get_id()); });
  auto id = where.get_future().get();
  EXPECT_NE(id, std::this_thread::get_id());
  ASSERT_EQ(seen.size(), 1000u);
  for (int i = 0; i < 1000; ++i)
    EXPECT_EQ(seen[static_cast<std::size_t>(i)], i);
}

TEST(io_loop, posts_from_many_threads_all_run) {
  io_loop loop;
  std::atomic<int> count{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        loop.post([&] { ++count; });
    });
  for (auto& t : threads)
    t.join();
  std::promise<void> done;
  loop.post([&] { done.set_value(); });
  done.get_future().wait();
  EXPECT_EQ(count.load(), 8000);
}

TEST(io_loop, timers_fire_in_due_order_and_cancel) {
  io_loop loop;
  std::vector<int> fired;
  std::promise<void> done;
  loop.post([&] {
    loop.add_timer(30ms, [&] {
      fired.push_back(3);
      done.set_value();
    });
    loop.add_timer(10ms, [&] { fired.push_back(1); });
    auto cancelled = loop.add_timer(20ms, [&] { fired.push_back(2); });
    loop.cancel_timer(cancelled);
  });
  auto start = std::chrono::steady_clock::now();
  done.get_future().wait();
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
  EXPECT_EQ(fired, (std::vector<int>{1, 3}));
}

TEST(io_loop, deferred_work_runs_after_the_current_task) {
  io_loop loop;
  std::vector<int> order;
  std::promise<void> done;
  loop.post([&] {
    loop.defer([&] {
      order.push_back(2);
      done.set_value();
    });
    order.push_back(1);
  });
  done.get_future().wait();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(io_loop, now_is_the_turn_start_on_the_loop_and_the_clock_elsewhere) {
  using clock = io_loop::clock;
  auto before = clock::now();
  auto off_loop = io_loop::now();
  std::this_thread::sleep_for(2ms);
  EXPECT_GE(off_loop, before);
  EXPECT_GE(io_loop::now() - off_loop, 2ms);

  io_loop loop;
  auto turn_time = [&loop](std::chrono::milliseconds work) {
    std::promise<std::pair<clock::time_point, clock::time_point>> seen;
    loop.post([&] {
      auto first = io_loop::now();
      std::this_thread::sleep_for(work);
      // One reading for the turn: the same after the task's work.
      EXPECT_EQ(io_loop::now(), first);
      seen.set_value({first, clock::now()});
    });
    return seen.get_future().get();
  };
  std::this_thread::sleep_for(2ms);
  auto posted = clock::now();
  auto [first, first_end] = turn_time(5ms);
  // Read as the turn began: after the post, before the task's work.
  EXPECT_GE(first, posted);
  EXPECT_GE(first_end - first, 5ms);
  // A later turn reads again.
  EXPECT_GE(turn_time(0ms).first, first_end);
}

TEST(io_loop, stop_is_idempotent) {
  io_loop loop;
  loop.stop();
  loop.stop();
  SUCCEED();
}
