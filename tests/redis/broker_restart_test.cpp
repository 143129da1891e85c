// SPDX-License-Identifier: MIT
// Fault injection: redis-server is killed with SIGKILL mid-traffic and
// started again, with and without its data.
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include "redactor/broker.hpp"
#include "redactor/codec/payload.hpp"
#include "support/collector.hpp"
#include "support/redis_server.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

using clock_type = std::chrono::steady_clock;

broker_options options_for(const test::redis_server& server) {
  broker_options opts;
  opts.connection = connection_options::from_url(server.url());
  opts.graceful_timeout = 2s;
  opts.publish_timeout = 10s;
  return opts;
}

/// Bodies seen by a handler, as a set.
struct seen_set {
  std::mutex mtx;
  std::set<std::string> bodies;
  std::atomic<clock_type::rep> last_seen{0};

  void add(std::string_view body) {
    std::lock_guard<std::mutex> guard{mtx};
    bodies.emplace(body);
    last_seen = clock_type::now().time_since_epoch().count();
  }
  bool has(const std::string& body) {
    std::lock_guard<std::mutex> guard{mtx};
    return bodies.count(body) > 0;
  }
};

/// One publish of the traffic: acknowledged or not, and when it completed.
struct sent {
  std::string body;
  bool acknowledged = false;
  clock_type::time_point done;
};

/// Publishes `n` messages, one every millisecond, while Redis is killed
/// after a third of them and restarted 300 ms later. Returns what happened
/// to each publish and when Redis was back.
std::vector<sent> traffic_through_a_restart(broker& b, const destination& to,
                                            test::redis_server& server,
                                            clock_type::time_point& back) {
  constexpr int n = 300;
  std::vector<sent> out(n);
  std::thread traffic([&] {
    auto pub = b.make_publisher(to);
    for (int i = 0; i < n; ++i) {
      out[i].body = "m" + std::to_string(i);
      auto r = pub.publish(out[i].body).get();
      out[i].acknowledged = static_cast<bool>(r);
      out[i].done = clock_type::now();
      std::this_thread::sleep_for(1ms);
    }
  });
  // The server is restarted from this thread: it dies with the thread that
  // started it (PR_SET_PDEATHSIG).
  std::this_thread::sleep_for(100ms);
  server.kill();
  std::this_thread::sleep_for(300ms);
  server.restart();
  back = clock_type::now();
  traffic.join();
  return out;
}

class broker_restart_test : public ::testing::TestWithParam<bool> {
 protected:
  bool keeps_data() const { return GetParam(); }
};

TEST_P(broker_restart_test, stream_group_loses_nothing_acknowledged) {
  test::redis_server server{keeps_data()};
  broker b{options_for(server)};
  seen_set seen;
  stream_sub sub{"orders", "g", "c"};
  sub.last_id = "0";
  auto token = b.subscribe(sub, [&](const message& m) { seen.add(m.body()); });
  b.start();
  clock_type::time_point back;
  auto sent =
      traffic_through_a_restart(b, destination::stream("orders"), server, back);
  // Without its data Redis forgets what it held at the kill; everything
  // acknowledged after it came back must arrive. With its data, all must.
  for (auto& s : sent) {
    if (!s.acknowledged || (!keeps_data() && s.done < back))
      continue;
    EXPECT_TRUE(test::eventually([&] { return seen.has(s.body); }))
        << s.body << " was acknowledged but never handled";
  }
  EXPECT_TRUE(sent.back().acknowledged);
}

TEST_P(broker_restart_test, list_loses_nothing_not_yet_popped) {
  test::redis_server server{keeps_data()};
  broker b{options_for(server)};
  seen_set seen;
  list_sub sub{"jobs"};
  auto token = b.subscribe(sub, [&](const message& m) { seen.add(m.body()); });
  b.start();
  clock_type::time_point back;
  auto sent =
      traffic_through_a_restart(b, destination::list("jobs"), server, back);
  std::size_t missing = 0;
  for (auto& s : sent) {
    if (!s.acknowledged || (!keeps_data() && s.done < back))
      continue;
    if (!test::eventually([&] { return seen.has(s.body); }, 3s))
      ++missing;
  }
  // At most one read's worth can have been popped by a BLMPOP whose reply
  // died with the server.
  EXPECT_LE(missing, sub.max_records);
  EXPECT_TRUE(sent.back().acknowledged);
}

TEST_P(broker_restart_test, channel_delivery_resumes) {
  test::redis_server server{keeps_data()};
  broker b{options_for(server)};
  seen_set seen;
  auto token = b.subscribe(channel_sub{"news"},
                           [&](const message& m) { seen.add(m.body()); });
  b.start();
  ASSERT_TRUE(b.publish(destination::channel("news"), "before").get());
  ASSERT_TRUE(test::eventually([&] { return seen.has("before"); }));
  server.kill();
  std::this_thread::sleep_for(200ms);
  server.restart();
  auto back = clock_type::now();
  // Pub/Sub keeps nothing: publish until the re-subscribed channel hears.
  int i = 0;
  ASSERT_TRUE(test::eventually(
      [&] {
        auto body = "after" + std::to_string(i++);
        (void)b.publish(destination::channel("news"), body).get();
        return test::eventually([&] { return seen.has(body); }, 20ms);
      },
      5s));
  auto resumed = clock_type::now() - back;
  std::printf("channel resumed %lld ms after Redis was back\n",
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(resumed)
                      .count()));
}

TEST_P(broker_restart_test, publishes_fail_clearly_after_the_deadline) {
  test::redis_server server{keeps_data()};
  auto opts = options_for(server);
  opts.publish_timeout = 300ms;
  broker b{opts};
  b.start();
  server.kill();
  auto r = b.publish(destination::list("q"), "lost?").get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, make_error_code(errc::connection_lost));
  server.restart();
  EXPECT_TRUE(test::eventually([&] {
    return static_cast<bool>(b.publish(destination::list("q"), "x").get());
  }));
}

/// 300 list publishes, one every 3 ms, from one thread, while Redis is
/// frozen (SIGSTOP) for 1.5 s, longer than the 300 ms socket timeout: the
/// connection is given up on with commands in flight that the frozen
/// server's kernel had already taken in, and that it runs once resumed.
/// Checks that health says so meanwhile. Returns each publish's outcome
/// and the bodies in the list.
std::pair<std::vector<bool>, std::vector<std::string>>
publish_through_a_freeze(command_delivery mode) {
  test::redis_server server;
  auto opts = options_for(server);
  opts.connection.socket_timeout = 300ms;
  opts.delivery = mode;
  broker b{opts};
  b.start();
  constexpr int n = 300;
  std::vector<std::future<result<publish_result>>> sent;
  std::thread traffic([&] {
    for (int i = 0; i < n; ++i) {
      sent.push_back(
          b.publish(destination::list("jobs"), "m" + std::to_string(i)));
      std::this_thread::sleep_for(3ms);
    }
  });
  std::this_thread::sleep_for(200ms);
  ::kill(server.pid(), SIGSTOP);
  auto frozen_at = clock_type::now();
  // Health sees it while the freeze lasts, and the recovery after it.
  EXPECT_TRUE(test::eventually([&] { return !b.health().healthy; }, 1400ms));
  std::this_thread::sleep_until(frozen_at + 1500ms);
  ::kill(server.pid(), SIGCONT);
  traffic.join();
  EXPECT_TRUE(test::eventually([&] { return b.health().healthy; }))
      << b.health().reason;
  std::vector<bool> acknowledged;
  for (auto& f : sent)
    acknowledged.push_back(static_cast<bool>(f.get()));
  std::vector<std::string> bodies;
  auto* ctx = redisConnect("127.0.0.1", server.port());
  auto* r =
      ctx && !ctx->err
          ? static_cast<redisReply*>(redisCommand(ctx, "LRANGE jobs 0 -1"))
          : nullptr;
  for (std::size_t i = 0; r && i < r->elements; ++i)
    bodies.push_back(
        decode_payload({r->element[i]->str, r->element[i]->len}).body);
  freeReplyObject(r);
  if (ctx)
    redisFree(ctx);
  return {acknowledged, bodies};
}

/// How often each m<i> is in `bodies`.
std::vector<int> times_each(const std::vector<std::string>& bodies,
                            std::size_t n) {
  std::vector<int> times(n, 0);
  for (auto& body : bodies)
    ++times.at(std::stoul(body.substr(1)));
  return times;
}

/// Whether the first time each body appears, they come in publish order.
bool first_seen_in_order(const std::vector<std::string>& bodies) {
  std::vector<bool> seen(bodies.size() + 1, false);
  long last = -1;
  for (auto& body : bodies) {
    auto i = std::stol(body.substr(1));
    if (static_cast<std::size_t>(i) < seen.size() && seen[i])
      continue;
    if (i < last)
      return false;
    last = i;
    if (static_cast<std::size_t>(i) < seen.size())
      seen[i] = true;
  }
  return true;
}

TEST(broker_freeze,
     at_least_once_loses_nothing_and_doubles_only_the_in_flight) {
  auto [acknowledged, bodies] =
      publish_through_a_freeze(command_delivery::at_least_once);
  auto times = times_each(bodies, acknowledged.size());
  // Everything acknowledged, everything there, first copies in order.
  for (std::size_t i = 0; i < acknowledged.size(); ++i) {
    EXPECT_TRUE(acknowledged[i]) << "m" << i;
    EXPECT_GE(times[i], 1) << "m" << i;
    EXPECT_LE(times[i], 2) << "m" << i;
  }
  EXPECT_TRUE(first_seen_in_order(bodies));
  // The doubled are the commands in flight when the connection was given
  // up on: one run of consecutive publishes, not the whole freeze.
  auto first = std::find(times.begin(), times.end(), 2);
  auto last = std::find(times.rbegin(), times.rend(), 2).base();
  EXPECT_TRUE(std::all_of(first, last, [](int t) { return t == 2; }));
  std::printf("at least once: %zu entries for %zu publishes, %ld doubled\n",
              bodies.size(), acknowledged.size(),
              static_cast<long>(last - first));
}

TEST(broker_freeze, at_most_once_runs_nothing_twice) {
  auto [acknowledged, bodies] =
      publish_through_a_freeze(command_delivery::at_most_once);
  auto times = times_each(bodies, acknowledged.size());
  std::size_t failed = 0;
  for (std::size_t i = 0; i < acknowledged.size(); ++i) {
    EXPECT_LE(times[i], 1) << "m" << i;
    if (acknowledged[i]) {
      EXPECT_EQ(times[i], 1) << "m" << i;
    }
    failed += acknowledged[i] ? 0 : 1;
  }
  EXPECT_TRUE(first_seen_in_order(bodies));
  std::printf("at most once: %zu entries for %zu publishes, %zu failed\n",
              bodies.size(), acknowledged.size(), failed);
}

/// A list subscription stopped while Redis is down: its first handler call
/// holds until released, so the rest of what was read (raw items m1...,
/// pushed before the start) is unhandled when stop() runs.
class stop_during_an_outage : public ::testing::Test {
 protected:
  void SetUp() override {
    auto* ctx = redisConnect("127.0.0.1", server.port());
    ASSERT_TRUE(ctx && !ctx->err);
    for (int i = 0; i < 20; ++i)
      freeReplyObject(redisCommand(ctx, "RPUSH jobs m%d", i)); // raw: no frame
    redisFree(ctx);
  }

  /// Starts the broker, waits for the first handler call, kills Redis and
  /// runs stop() on another thread, releasing the handler meanwhile.
  std::thread stop_with_redis_down(broker& b) {
    b.start();
    EXPECT_TRUE(test::eventually([&] { return entered.load(); }));
    server.kill();
    std::thread stopper([&b] { b.stop(); });
    std::this_thread::sleep_for(100ms);
    release = true;
    return stopper;
  }

  std::vector<std::string> list_items() {
    std::vector<std::string> out;
    auto* ctx = redisConnect("127.0.0.1", server.port());
    if (!ctx || ctx->err)
      return out;
    auto* r = static_cast<redisReply*>(redisCommand(ctx, "LRANGE jobs 0 -1"));
    for (std::size_t i = 0; r && i < r->elements; ++i)
      out.emplace_back(r->element[i]->str, r->element[i]->len);
    freeReplyObject(r);
    redisFree(ctx);
    return out;
  }

  test::redis_server server;
  std::atomic<bool> entered{false};
  std::atomic<bool> release{false};
  std::mutex lines_mtx;
  std::vector<std::string> lines;

  broker_options options(std::chrono::milliseconds graceful) {
    auto opts = options_for(server);
    opts.graceful_timeout = graceful;
    opts.log = [this](log_level level, std::string_view line) {
      std::lock_guard<std::mutex> guard{lines_mtx};
      if (level == log_level::error)
        lines.emplace_back(line);
    };
    return opts;
  }

  subscription_token subscribe(broker& b) {
    return b.subscribe(list_sub{"jobs"}, [this](const message&) {
      entered = true;
      while (!release)
        std::this_thread::sleep_for(1ms);
    });
  }
};

/// m1..m<n>: what follows the handled m0 in read order.
std::vector<std::string> after_the_first(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 1; i <= n; ++i)
    out.push_back("m" + std::to_string(i));
  return out;
}

TEST_F(stop_during_an_outage, items_go_back_once_redis_returns_in_time) {
  broker b{options(3s)};
  auto token = subscribe(b);
  auto stopper = stop_with_redis_down(b);
  std::this_thread::sleep_for(400ms);
  server.restart(); // empty: the kill took what was left in the list
  stopper.join();
  EXPECT_EQ(token.counts().handled, 1u);
  EXPECT_EQ(token.counts().lost_at_stop, 0u);
  // At least the rest of the first read, in order, back at the head.
  auto items = list_items();
  EXPECT_GE(items.size(), 9u);
  EXPECT_EQ(items, after_the_first(items.size()));
}

TEST_F(stop_during_an_outage, items_not_given_back_are_counted_and_named) {
  broker b{options(500ms)};
  auto token = subscribe(b);
  stop_with_redis_down(b).join();
  EXPECT_EQ(token.counts().handled, 1u);
  auto lost = token.counts().lost_at_stop;
  EXPECT_GE(lost, 9u);
  std::lock_guard<std::mutex> guard{lines_mtx};
  auto report = std::find_if(lines.begin(), lines.end(), [](auto& line) {
    return line.find("could not be pushed back") != std::string::npos;
  });
  ASSERT_NE(report, lines.end());
  for (auto& item : after_the_first(lost))
    EXPECT_NE(report->find("'" + item + "';"), std::string::npos) << *report;
}

INSTANTIATE_TEST_SUITE_P(redis, broker_restart_test, ::testing::Bool(),
                         [](const auto& info) {
                           return info.param ? "with_data" : "without_data";
                         });

} // namespace
