// SPDX-License-Identifier: MIT
// More than one I/O loop (broker_options::io_threads): subscriptions spread
// over the loops, requests and publishes work from every thread and keep a
// thread's order, and stop() keeps its contract on every loop.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "support/broker_test.hpp"
#include "support/collector.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

class io_threads_test : public test::broker_test {
 protected:
  broker_options two_loops() {
    auto opts = options();
    opts.io_threads = 2;
    return opts;
  }

  /// The thread each of `n` inline channel handlers ran on, in
  /// subscription order.
  struct thread_probe {
    std::mutex mtx;
    std::vector<std::thread::id> seen;
    std::vector<subscription_token> tokens;

    thread_probe(broker& b, std::size_t n) : seen(n) {
      for (std::size_t k = 0; k < n; ++k) {
        channel_sub sub{"where-" + std::to_string(k)};
        sub.handlers = handler_mode::non_blocking;
        tokens.push_back(b.subscribe(sub, [this, k](const message&) {
          std::lock_guard<std::mutex> guard{mtx};
          seen[k] = std::this_thread::get_id();
          return std::string{"here"};
        }));
      }
    }

    /// Asks each handler where it runs.
    void ask(broker& b) {
      for (std::size_t k = 0; k < seen.size(); ++k) {
        auto r = b.request(destination::channel("where-" + std::to_string(k)),
                           "?", 5s)
                     .get();
        ASSERT_TRUE(r) << r.error().message();
      }
    }
  };
};

TEST_F(io_threads_test, subscriptions_take_the_loops_in_turn) {
  broker b{two_loops()};
  thread_probe probe{b, 4};
  b.start();
  probe.ask(b);
  std::lock_guard<std::mutex> guard{probe.mtx};
  std::set<std::thread::id> loops(probe.seen.begin(), probe.seen.end());
  EXPECT_EQ(loops.size(), 2u);
  EXPECT_EQ(probe.seen[0], probe.seen[2]);
  EXPECT_EQ(probe.seen[1], probe.seen[3]);
  EXPECT_NE(probe.seen[0], probe.seen[1]);
  EXPECT_EQ(loops.count(std::this_thread::get_id()), 0u);

  // Each loop has its own connections, and health lists them apart.
  auto health = b.health();
  std::set<std::string> names;
  for (const auto& c : health.connections)
    names.insert(c.name);
  for (const char* name :
       {"commands", "commands#1", "rpc-inbox", "rpc-inbox#1"})
    EXPECT_EQ(names.count(name), 1u) << name;
}

TEST_F(io_threads_test, one_loop_is_the_default) {
  broker b{options()};
  thread_probe probe{b, 2};
  b.start();
  probe.ask(b);
  std::lock_guard<std::mutex> guard{probe.mtx};
  EXPECT_EQ(probe.seen[0], probe.seen[1]);
}

TEST_F(io_threads_test, requests_reach_every_loop_from_every_thread) {
  broker b{two_loops()};
  // "echo" lands on the first loop and "relay" on the second; the relay
  // answers later from its own request's completion, on its loop.
  channel_sub echo_sub{"echo"};
  echo_sub.handlers = handler_mode::non_blocking;
  auto echo = b.subscribe(
      echo_sub, [](const message& m) { return std::string(m.body()); });
  channel_sub relay_sub{"relay"};
  relay_sub.handlers = handler_mode::non_blocking;
  auto relay = b.subscribe(relay_sub, [&](const message& m, responder reply) {
    b.request(destination::channel("echo"), m.body(), 5s, {},
              [reply](result<message> r) {
                if (r)
                  reply.respond("relayed " + std::string(r->body()));
                else
                  reply.fail(r.error().message());
              });
  });
  b.start();

  // Eight threads spread over both loops, each asking both services.
  std::atomic<int> answered{0};
  std::vector<std::thread> askers;
  for (int t = 0; t < 8; ++t)
    askers.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        auto body = std::to_string(t) + "/" + std::to_string(i);
        auto direct = b.request(destination::channel("echo"), body, 5s).get();
        auto relayed = b.request(destination::channel("relay"), body, 5s).get();
        if (direct && direct->body() == body && relayed &&
            relayed->body() == "relayed " + body)
          ++answered;
      }
    });
  for (auto& t : askers)
    t.join();
  EXPECT_EQ(answered.load(), 8 * 20);
  auto counts = b.requests();
  EXPECT_EQ(counts.pending, 0u);
  EXPECT_EQ(counts.timed_out, 0u);
}

TEST_F(io_threads_test, a_thread_keeps_its_order_across_loops) {
  constexpr int per_thread = 2000;
  broker b{two_loops()};
  test::collector seen;
  list_sub sub{"ordered"};
  sub.handlers = handler_mode::non_blocking;
  auto token = b.subscribe(sub, [&](const message& m) { seen.add(m); });
  b.start();
  // Two publishing threads: with two loops, one goes through each.
  std::vector<std::thread> publishers;
  for (int t = 0; t < 2; ++t)
    publishers.emplace_back([&, t] {
      auto p = b.make_publisher(destination::list("ordered"));
      for (int i = 0; i < per_thread; ++i)
        p.publish(std::to_string(t) + ":" + std::to_string(i));
    });
  for (auto& t : publishers)
    t.join();
  ASSERT_TRUE(seen.wait_for(2 * per_thread, 10s));
  std::vector<int> next(2, 0);
  for (const auto& item : seen.items()) {
    auto colon = item.body.find(':');
    auto t = std::stoi(item.body.substr(0, colon));
    EXPECT_EQ(std::stoi(item.body.substr(colon + 1)), next[t]) << item.body;
    next[t] = std::stoi(item.body.substr(colon + 1)) + 1;
  }
}

TEST_F(io_threads_test, stop_keeps_its_contract_on_every_loop) {
  std::atomic<int> calls{0};
  auto opts = two_loops();
  broker b{opts};
  std::vector<subscription_token> tokens;
  for (int k = 0; k < 4; ++k) {
    list_sub flood{"flood-" + std::to_string(k)};
    flood.max_records = 200;
    if (k % 2 == 0)
      flood.handlers = handler_mode::non_blocking;
    tokens.push_back(b.subscribe(flood, [&](const message&) {
      ++calls;
      std::this_thread::sleep_for(1ms);
    }));
    std::vector<std::string> items(2000, "x");
    std::vector<std::string_view> args{"RPUSH", "flood-" + std::to_string(k)};
    args.insert(args.end(), items.begin(), items.end());
    command(args);
  }
  b.start();
  ASSERT_TRUE(test::eventually([&] { return calls > 100; }));
  auto began = std::chrono::steady_clock::now();
  b.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - began,
            opts.graceful_timeout + 1s);
  auto after_stop = calls.load();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(calls.load(), after_stop);
  EXPECT_LT(after_stop, 4 * 2000);
}

} // namespace
