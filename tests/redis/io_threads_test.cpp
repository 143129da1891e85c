// SPDX-License-Identifier: MIT
// More than one I/O loop (broker_options::io_threads): subscriptions spread
// over the loops, requests and publishes work from every thread and keep a
// thread's order, and stop() keeps its contract on every loop.
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "redactor/rpc/redisrpc_client.hpp"
#include "redactor/rpc/redisrpc_server.hpp"
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

  /// Inline channel handlers "where-<k>" that say which thread they run
  /// on.
  class handler_threads {
   public:
    subscription_token subscribe(broker& b, std::size_t k) {
      channel_sub sub{"where-" + std::to_string(k)};
      sub.handlers = handler_mode::non_blocking;
      return b.subscribe(sub, [this, k](const message&) {
        std::lock_guard<std::mutex> guard{mtx_};
        seen_[k] = std::this_thread::get_id();
        return std::string{"here"};
      });
    }

    /// Asks handler `k` of the started `b`, which answers when it ran.
    std::thread::id ask(broker& b, std::size_t k) {
      auto r =
          b.request(destination::channel("where-" + std::to_string(k)), "?", 5s)
              .get();
      EXPECT_TRUE(r) << r.error().message();
      std::lock_guard<std::mutex> guard{mtx_};
      return seen_[k];
    }

   private:
    std::mutex mtx_;
    std::map<std::size_t, std::thread::id> seen_;
  };

  /// Starts `b` with `n` handler_threads and asks each, in subscription
  /// order, which thread it runs on.
  static std::vector<std::thread::id> where_handlers_run(broker& b,
                                                         std::size_t n) {
    handler_threads handlers;
    std::vector<subscription_token> tokens;
    for (std::size_t k = 0; k < n; ++k)
      tokens.push_back(handlers.subscribe(b, k));
    b.start();
    std::vector<std::thread::id> seen;
    for (std::size_t k = 0; k < n; ++k)
      seen.push_back(handlers.ask(b, k));
    for (auto& t : tokens)
      t.unsubscribe(); // no handler runs once they are gone
    return seen;
  }
};

TEST_F(io_threads_test, subscriptions_spread_over_the_loops) {
  broker b{two_loops()};
  auto seen = where_handlers_run(b, 4);
  std::set<std::thread::id> loops(seen.begin(), seen.end());
  EXPECT_EQ(loops.size(), 2u);
  EXPECT_EQ(seen[0], seen[2]);
  EXPECT_EQ(seen[1], seen[3]);
  EXPECT_NE(seen[0], seen[1]);
  EXPECT_EQ(loops.count(std::this_thread::get_id()), 0u);

  // Each loop has its own connections, and health lists them apart.
  std::set<std::string> names;
  for (const auto& c : b.health().connections)
    names.insert(c.name);
  for (const char* name :
       {"commands", "commands#1", "rpc-inbox", "rpc-inbox#1"})
    EXPECT_EQ(names.count(name), 1u) << name;
}

TEST_F(io_threads_test, new_subscriptions_go_to_the_loop_running_fewest) {
  handler_threads handlers; // outlives the broker: handlers write into it
  broker b{two_loops()};
  b.start();
  std::vector<subscription_token> tokens;
  for (std::size_t k = 0; k < 4; ++k)
    tokens.push_back(handlers.subscribe(b, k));
  auto first = handlers.ask(b, 0);
  EXPECT_EQ(handlers.ask(b, 2), first);
  EXPECT_NE(handlers.ask(b, 1), first);
  // The first loop runs none now: both new ones go there, where taking
  // the loops in turn would put the second on the busy one.
  tokens[0].unsubscribe();
  tokens[2].unsubscribe();
  tokens.push_back(handlers.subscribe(b, 4));
  tokens.push_back(handlers.subscribe(b, 5));
  EXPECT_EQ(handlers.ask(b, 4), first);
  EXPECT_EQ(handlers.ask(b, 5), first);
  for (auto& t : tokens)
    t.unsubscribe();
}

TEST_F(io_threads_test, one_loop_is_the_default_and_zero_means_one) {
  for (std::size_t io_threads : {std::size_t{1}, std::size_t{0}}) {
    SCOPED_TRACE("io_threads " + std::to_string(io_threads));
    auto opts = options();
    EXPECT_EQ(opts.io_threads, 1u);
    opts.io_threads = io_threads;
    broker b{opts};
    auto seen = where_handlers_run(b, 2);
    EXPECT_EQ(seen[0], seen[1]);
  }
}

TEST_F(io_threads_test, a_publisher_may_outlive_its_broker) {
  std::optional<publisher> kept;
  {
    broker b{two_loops()};
    b.start();
    kept = b.make_publisher(destination::list("after"));
    ASSERT_TRUE(kept->publish("before").get());
  }
  // From this thread and from a new one (a thread first seen now).
  auto r = kept->publish("after").get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::not_running) << r.error().message();
  std::thread other{[&] {
    auto late = kept->publish("later").get();
    EXPECT_FALSE(late);
  }};
  other.join();
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

TEST_F(io_threads_test, list_rpc_clients_wait_on_their_own_loop) {
  broker b{two_loops()};
  auto methods = std::make_shared<rpc::registry>();
  methods->add_typed("twice", {"n"}, [](double n) { return 2 * n; });
  auto served = rpc::serve_redisrpc(b, "doubler", methods);
  b.start();
  rpc::redisrpc_client client{b, "doubler", 5s};
  // Threads started one after another take the loops in turn.
  int answered = 0;
  for (int t = 0; t < 4; ++t)
    std::thread{[&, t] {
      for (int i = 0; i < 5; ++i) {
        auto r = client.call("twice", {t * 10 + i}).get();
        if (r && r->as_double() == 2.0 * (t * 10 + i))
          ++answered;
      }
    }}.join();
  EXPECT_EQ(answered, 4 * 5);
  // Each loop waits on its own connection.
  std::set<std::string> names;
  for (const auto& c : b.health().connections)
    names.insert(c.name);
  for (const char* name : {"rpc-response-lists", "rpc-response-lists#1"})
    EXPECT_EQ(names.count(name), 1u) << name;
}

TEST_F(io_threads_test, a_thread_keeps_its_order_across_loops) {
  constexpr int per_thread = 2000;
  constexpr int threads = 4;
  broker b{two_loops()};
  test::collector seen;
  list_sub sub{"ordered"};
  sub.handlers = handler_mode::non_blocking;
  auto token = b.subscribe(sub, [&](const message& m) { seen.add(m); });
  b.start();
  // Threads spread over the loops: of four, two go through each.
  std::vector<std::thread> publishers;
  for (int t = 0; t < threads; ++t)
    publishers.emplace_back([&, t] {
      auto p = b.make_publisher(destination::list("ordered"));
      for (int i = 0; i < per_thread; ++i)
        p.publish(std::to_string(t) + ":" + std::to_string(i));
    });
  for (auto& t : publishers)
    t.join();
  ASSERT_TRUE(seen.wait_for(threads * per_thread, 10s));
  std::vector<int> next(threads, 0);
  for (const auto& item : seen.items()) {
    auto colon = item.body.find(':');
    auto t = static_cast<std::size_t>(std::stoi(item.body.substr(0, colon)));
    auto i = std::stoi(item.body.substr(colon + 1));
    EXPECT_EQ(i, next[t]) << item.body;
    next[t] = i + 1;
  }
  // Both loops' command connections carried the pushes.
  auto clients = command({"CLIENT", "LIST"});
  ASSERT_TRUE(clients);
  std::string text{clients->str, clients->len};
  std::size_t pushing = 0;
  for (auto at = text.find("cmd=rpush"); at != std::string::npos;
       at = text.find("cmd=rpush", at + 1))
    ++pushing;
  EXPECT_EQ(pushing, 2u) << text;
}

TEST_F(io_threads_test, stop_keeps_its_contract_on_every_loop) {
  constexpr int lists = 4;
  constexpr int per_list = 2000;
  std::vector<std::atomic<int>> calls(lists);
  auto opts = two_loops();
  broker b{opts};
  std::vector<subscription_token> tokens;
  for (int k = 0; k < lists; ++k) {
    auto name = "flood-" + std::to_string(k);
    list_sub flood{name};
    flood.max_records = 200;
    // Inline and pool handlers on both loops.
    if (k < 2)
      flood.handlers = handler_mode::non_blocking;
    tokens.push_back(b.subscribe(flood, [&calls, k](const message&) {
      ++calls[static_cast<std::size_t>(k)];
      std::this_thread::sleep_for(1ms);
    }));
    std::vector<std::string> items(per_list, "x");
    std::vector<std::string_view> args{"RPUSH", name};
    args.insert(args.end(), items.begin(), items.end());
    command(args);
  }
  b.start();
  ASSERT_TRUE(test::eventually([&] {
    return std::all_of(calls.begin(), calls.end(),
                       [](const std::atomic<int>& c) { return c > 20; });
  }));
  auto began = std::chrono::steady_clock::now();
  b.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - began,
            opts.graceful_timeout + 1s);
  std::vector<int> after_stop;
  for (auto& c : calls)
    after_stop.push_back(c.load());
  std::this_thread::sleep_for(300ms);
  for (int k = 0; k < lists; ++k) {
    auto n = static_cast<std::size_t>(k);
    EXPECT_EQ(calls[n].load(), after_stop[n]) << "a handler ran after stop";
    // Nothing lost or handled twice: what was not handled is back.
    EXPECT_EQ(after_stop[n] + integer({"LLEN", "flood-" + std::to_string(k)}),
              per_list)
        << k;
  }
}

} // namespace
