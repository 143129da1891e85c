// SPDX-License-Identifier: MIT
// The execution model with the default settings: the engine's own work
// (reply routing, timers, stops) never waits behind handlers, blocking or
// not; handlers can wait for other services, or answer later; a wait that
// would deadlock the I/O thread is refused.
#include <atomic>
#include <thread>

#include "support/broker_test.hpp"
#include "support/collector.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

using clock_type = std::chrono::steady_clock;

class execution_test : public test::broker_test {
 protected:
  /// Puts `n` raw items on `list` in one command.
  void preload(const std::string& list, int n) {
    std::vector<std::string> items(static_cast<std::size_t>(n), "x");
    std::vector<std::string_view> args{"RPUSH", list};
    args.insert(args.end(), items.begin(), items.end());
    command(args);
  }

  /// A request nobody answers: how long until it timed out.
  static clock_type::duration time_out(broker& b,
                                       std::chrono::milliseconds timeout) {
    auto began = clock_type::now();
    auto r = b.request(destination::channel("nobody-listens"), "ping", timeout)
                 .get();
    EXPECT_FALSE(r);
    if (!r) {
      EXPECT_EQ(r.error().code, errc::timeout) << r.error().message();
    }
    return clock_type::now() - began;
  }

  /// Spins for `d`: a handler that burns CPU without blocking.
  static void burn(std::chrono::microseconds d) {
    auto until = clock_type::now() + d;
    while (clock_type::now() < until) {
    }
  }
};

TEST_F(execution_test, a_busy_subscription_starves_neither_requests_nor_stops) {
  // What handlers touch is declared before the broker, which may run them
  // until it is gone.
  std::atomic<int> first_calls{0};
  std::atomic<int> second_calls{0};
  auto opts = options();
  broker b{opts};
  // Large reads: a second of handler work per read.
  list_sub flood_1{"flood-1"};
  flood_1.max_records = 500;
  auto first = b.subscribe(flood_1, [&](const message&) {
    ++first_calls;
    std::this_thread::sleep_for(2ms);
  });
  list_sub flood_2{"flood-2"};
  flood_2.max_records = 500;
  auto second = b.subscribe(flood_2, [&](const message&) {
    ++second_calls;
    std::this_thread::sleep_for(2ms);
  });
  // Several seconds of work each.
  preload("flood-1", 3000);
  preload("flood-2", 3000);
  b.start();
  ASSERT_TRUE(test::eventually([&] { return first_calls > 10; }));

  // The timeout fires after 500 ms and one sweep, not after the backlog.
  EXPECT_LT(time_out(b, 500ms), 2s);

  // unsubscribe: no handler of it runs once it returned.
  first.unsubscribe();
  auto after_unsubscribe = first_calls.load();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(first_calls.load(), after_unsubscribe);
  EXPECT_LT(after_unsubscribe, 3000);

  // stop: within graceful_timeout and a small bound, then nothing runs.
  auto began = clock_type::now();
  b.stop();
  EXPECT_LT(clock_type::now() - began, opts.graceful_timeout + 1s);
  auto after_stop = second_calls.load();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(second_calls.load(), after_stop);
  EXPECT_LT(after_stop, 3000);
}

TEST_F(execution_test, inline_handlers_share_the_loop_fairly) {
  std::atomic<int> flooded{0};
  test::collector idle_seen;
  broker b{options()};
  list_sub flood{"flood"};
  flood.handlers = handler_mode::non_blocking;
  auto busy = b.subscribe(flood, [&](const message&) {
    burn(200us);
    ++flooded;
  });
  channel_sub idle{"idle"};
  idle.handlers = handler_mode::non_blocking;
  auto quiet = b.subscribe(idle, [&](const message& m) { idle_seen.add(m); });
  // About four seconds of handler time on the I/O thread.
  preload("flood", 20000);
  b.start();
  ASSERT_TRUE(test::eventually([&] { return flooded > 100; }));

  EXPECT_LT(time_out(b, 300ms), 1500ms);

  auto began = clock_type::now();
  ASSERT_TRUE(b.publish(destination::channel("idle"), "hello").get());
  ASSERT_TRUE(idle_seen.wait_for(1, 2s));
  EXPECT_LT(clock_type::now() - began, 1s);
  // All that happened beside the flood, not after it.
  EXPECT_LT(flooded.load(), 20000);

  // Inline handlers keep the stop contract too.
  b.stop();
  auto after_stop = flooded.load();
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(flooded.load(), after_stop);
}

TEST_F(execution_test, a_handler_may_wait_for_another_service) {
  for (std::size_t threads : {0, 1}) {
    SCOPED_TRACE("worker_threads " + std::to_string(threads));
    auto opts = options();
    opts.worker_threads = threads;
    broker b{opts};
    auto inner = b.subscribe(list_sub{"inner"}, [](const message& m) {
      return "inner(" + std::string(m.body()) + ")";
    });
    auto outer = b.subscribe(list_sub{"outer"}, [&](const message& m) {
      auto r = b.request(destination::list("inner"), m.body(), 5s).get();
      return "outer(" + (r ? std::string(r->body()) : r.error().message()) +
             ")";
    });
    b.start();
    auto r = b.request(destination::list("outer"), "x", 10s).get();
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->body(), "outer(inner(x))");
  }
}

TEST_F(execution_test, waiting_on_the_io_thread_is_refused) {
  std::promise<std::error_code> waited;
  broker b{options()};
  channel_sub sub{"impatient"};
  sub.handlers = handler_mode::non_blocking;
  auto token = b.subscribe(sub, [&](const message&) {
    auto r = b.request(destination::channel("nobody-listens"), "x", 5s).get();
    waited.set_value(r ? std::error_code{} : r.error().code);
    try {
      b.stop();
    } catch (const error& e) {
      return std::string{e.what()};
    }
    return std::string{"stopped"};
  });
  b.start();
  auto r = b.request(destination::channel("impatient"), "go", 5s).get();
  auto code = waited.get_future();
  ASSERT_EQ(code.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(code.get(), errc::would_deadlock);
  // stop() there is refused too, and the engine goes on.
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_NE(r->body().find("would deadlock"), std::string_view::npos)
      << r->body();
  EXPECT_TRUE(b.running());
}

TEST_F(execution_test, a_handler_can_answer_later) {
  broker b{options()};
  auto inner = b.subscribe(list_sub{"inner"}, [](const message& m) {
    return "inner(" + std::string(m.body()) + ")";
  });
  list_sub outer_sub{"outer"};
  outer_sub.handlers = handler_mode::non_blocking;
  auto outer = b.subscribe(outer_sub, [&](const message& m, responder reply) {
    b.request(destination::list("inner"), m.body(), 5s, {},
              [reply](result<message> r) {
                if (r)
                  reply.respond("outer(" + std::string(r->body()) + ")");
                else
                  reply.fail(r.error().message());
              });
  });
  list_sub forgetful_sub{"forgetful"};
  forgetful_sub.handlers = handler_mode::non_blocking;
  auto forgetful = b.subscribe(forgetful_sub, [](const message&, responder) {
    // Returns without answering and without keeping the responder.
  });
  b.start();

  auto r = b.request(destination::list("outer"), "x", 5s).get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->body(), "outer(inner(x))");

  auto dropped = b.request(destination::list("forgetful"), "x", 5s).get();
  ASSERT_FALSE(dropped);
  EXPECT_EQ(dropped.error().code, errc::remote_error);
  EXPECT_NE(dropped.error().detail.find("without an answer"), std::string::npos)
      << dropped.error().message();
  EXPECT_EQ(forgetful.counts().failed, 1u);
}

TEST_F(execution_test, answers_given_later_settle_stream_entries) {
  std::mutex mtx;
  std::vector<responder> held;
  broker b{options()};
  stream_sub sub{"deferred", "g", "c"};
  sub.last_id = "0";
  sub.handlers = handler_mode::non_blocking;
  auto token = b.subscribe(sub, [&](const message&, responder reply) {
    std::lock_guard<std::mutex> guard{mtx};
    held.push_back(std::move(reply));
  });
  for (int i = 0; i < 3; ++i)
    command({"XADD", "deferred", "*", "__data__", "x"});
  b.start();
  ASSERT_TRUE(test::eventually([&] {
    std::lock_guard<std::mutex> guard{mtx};
    return held.size() == 3;
  }));
  // Handled, but unanswered: still pending.
  EXPECT_EQ(pending("deferred", "g"), 3);
  {
    std::lock_guard<std::mutex> guard{mtx};
    held[0].respond({});
    held[1].fail("no");
    held[2].respond({});
  }
  // reject_on_error: the answered ones are acknowledged, the failed one
  // stays.
  EXPECT_TRUE(test::eventually([&] { return pending("deferred", "g") == 1; }));
  EXPECT_EQ(token.counts().handled, 2u);
  EXPECT_EQ(token.counts().failed, 1u);
}

} // namespace
