// SPDX-License-Identifier: MIT
#include "execution/handler_pool.hpp"

#include <atomic>
#include <future>
#include <vector>

#include <gtest/gtest.h>

#include "support/collector.hpp"

using redactor::execution::handler_pool;
using namespace std::chrono_literals;

TEST(handler_pool, one_thread_runs_tasks_in_order_off_the_caller) {
  std::vector<int> seen;
  std::promise<void> done;
  {
    handler_pool pool{1};
    for (int i = 0; i < 100; ++i)
      pool.run([&seen, i] { seen.push_back(i); });
    pool.run([&] {
      EXPECT_EQ(handler_pool::current(), &pool);
      done.set_value();
    });
    done.get_future().wait();
  }
  ASSERT_EQ(seen.size(), 100u);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(seen[static_cast<std::size_t>(i)], i);
  EXPECT_EQ(handler_pool::current(), nullptr);
}

TEST(handler_pool, a_blocked_thread_is_replaced_while_it_waits) {
  handler_pool pool{1};
  // Again and again: added threads leave and are joined as they go.
  for (int round = 0; round < 20; ++round) {
    std::promise<int> inner;
    std::promise<int> outer;
    // The only thread waits for a task queued behind it.
    pool.run([&] {
      auto f = inner.get_future();
      handler_pool::blocked_scope blocked{handler_pool::current()};
      outer.set_value(f.get() + 1);
    });
    pool.run([&] { inner.set_value(41); });
    auto answer = outer.get_future();
    ASSERT_EQ(answer.wait_for(5s), std::future_status::ready);
    EXPECT_EQ(answer.get(), 42);
    // The added thread leaves once nobody is blocked and nothing waits.
    EXPECT_TRUE(
        redactor::test::eventually([&] { return pool.threads() == 1; }));
  }
}

TEST(handler_pool, destruction_runs_what_was_queued) {
  std::atomic<int> ran{0};
  {
    handler_pool pool{2};
    for (int i = 0; i < 50; ++i)
      pool.run([&] {
        std::this_thread::sleep_for(1ms);
        ++ran;
      });
  }
  EXPECT_EQ(ran.load(), 50);
}

TEST(handler_pool, a_task_works_for_the_loop_that_handed_it_over) {
  redactor::redis::io_loop first;
  redactor::redis::io_loop second;
  handler_pool pool{1};
  std::promise<std::vector<bool>> from_loop;
  first.post([&] {
    pool.run([&] {
      from_loop.set_value({first.serves_this_thread(),
                           second.serves_this_thread(),
                           redactor::redis::io_loop::on_any_loop_thread()});
    });
  });
  // Served first, not second; and still not a loop thread, so it may wait.
  EXPECT_EQ(from_loop.get_future().get(),
            (std::vector<bool>{true, false, false}));

  std::promise<bool> from_elsewhere;
  pool.run([&] {
    from_elsewhere.set_value(first.serves_this_thread() ||
                             second.serves_this_thread());
  });
  EXPECT_FALSE(from_elsewhere.get_future().get());
  EXPECT_FALSE(first.serves_this_thread());
}
