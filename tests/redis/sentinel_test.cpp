// SPDX-License-Identifier: MIT
// Redis Sentinel: a master, two replicas and three Sentinels started by the
// test. Discovery, health naming the node, durable publishes (WAIT), and a
// failover under traffic (SENTINEL FAILOVER, and kill -9 of the master):
// what resumed when, and what was delivered, duplicated and lost. And a
// master that answers READONLY (tests/support/fake_sentinel.py, since a
// real one does so only for a moment): a failover, never a publish error.
#include <atomic>
#include <cstdio>
#include <future>
#include <iostream>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "redactor/broker.hpp"
#include "support/collector.hpp"
#include "support/failover_check.hpp"
#include "support/sentinel_group.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

using clock_type = std::chrono::steady_clock;

std::string node_of(int port) {
  return "127.0.0.1:" + std::to_string(port);
}

/// Every connection is up and on `node`, a master (save one never needed,
/// such as the durable publishes' before the first).
bool all_on(const health_report& h, const std::string& node) {
  if (!h.healthy || h.connections.empty())
    return false;
  for (auto& c : h.connections)
    if (!c.node.empty() && (c.node != node || c.role != "master" || !c.up))
      return false;
  return true;
}

TEST(sentinel_test, finds_the_master_and_names_it_in_health) {
  test::sentinel_group group;
  auto master = node_of(group.master().port());
  test::collector got;
  broker b{test::failover_options(group.url())};
  auto token =
      b.subscribe(list_sub{"jobs"}, [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::list("jobs"), "one").get());
  ASSERT_TRUE(got.wait_for(1));
  ASSERT_TRUE(test::eventually([&] { return all_on(b.health(), master); }))
      << test::describe(b.health());
  EXPECT_NE(b.health().master.find(master), std::string::npos);
}

TEST(sentinel_test, health_says_so_while_no_master_is_known) {
  test::sentinel_group group;
  auto opts = test::failover_options(group.url());
  opts.connection.connect_timeout = 500ms;
  broker b{opts};
  b.start();
  ASSERT_TRUE(test::eventually([&] { return b.health().healthy; }))
      << test::describe(b.health());
  auto& master = group.master();
  group.stop_sentinels();
  master.kill();
  ASSERT_TRUE(test::eventually(
      [&] {
        auto h = b.health();
        return !h.healthy &&
               h.reason.find("no master known for "
                             "'redactor-test'") != std::string::npos;
      },
      15s))
      << test::describe(b.health());
}

TEST(sentinel_test, durable_publishes_say_how_many_replicas_hold_them) {
  test::sentinel_group group;
  broker b{test::failover_options(group.url())};
  b.start();
  publish_options durable;
  durable.min_replicas = 2;
  auto r = b.publish(destination::stream("audit"), "kept", durable).get();
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->replicas, 2);
  EXPECT_FALSE(r->entry_id.empty());

  durable.min_replicas = 3;
  durable.replica_timeout = 200ms;
  auto short_of = b.publish(destination::stream("audit"), "x", durable).get();
  ASSERT_FALSE(short_of);
  EXPECT_EQ(short_of.error().code, errc::under_replicated);
  EXPECT_NE(short_of.error().detail.find("2 of 3"), std::string::npos)
      << short_of.error().detail;

  durable.replica_timeout = 10s; // not below the socket timeout
  auto bad = b.publish(destination::stream("audit"), "x", durable).get();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, errc::invalid_argument);

  // Without min_replicas, nothing is waited for or reported.
  auto plain = b.publish(destination::stream("audit"), "y").get();
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->replicas, -1);
}

TEST(sentinel_test, sentinels_with_a_password_of_their_own) {
  test::sentinel_group group{"s3ntinel"};
  auto opts = test::failover_options(group.url());
  opts.connection.connect_timeout = 500ms;
  try {
    broker b{opts};
    b.start();
    ADD_FAILURE() << "started without the Sentinels' password";
  } catch (const redactor::error& e) {
    EXPECT_NE(std::string{e.what()}.find("NOAUTH"), std::string::npos)
        << e.what();
  }
  opts.connection.sentinel.password = "s3ntinel";
  broker b{opts};
  b.start();
  EXPECT_TRUE(b.publish(destination::list("jobs"), "x").get());
}

TEST(sentinel_test, an_unknown_master_name_fails_start_clearly) {
  test::sentinel_group group;
  auto url = group.url();
  url = url.substr(0, url.find('#')) + "#nosuch";
  auto opts = test::failover_options(url);
  opts.connection.connect_timeout = 500ms;
  broker b{opts};
  try {
    b.start();
    ADD_FAILURE() << "started without a master";
  } catch (const redactor::error& e) {
    EXPECT_NE(std::string{e.what()}.find("no Sentinel named master 'nosuch'"),
              std::string::npos)
        << e.what();
  }
}

/// tests/support/fake_sentinel.py in the background: a Sentinel naming
/// itself master, refusing the first write with READONLY.
class fake_sentinel {
 public:
  fake_sentinel()
      : out_(::popen((std::string{REDACTOR_PYTHON} + " " +
                      REDACTOR_SUPPORT_DIR + "/fake_sentinel.py --refuse 1")
                         .c_str(),
                     "r")) {
    port_ = std::stoi(next_line());
  }
  ~fake_sentinel() { ::pclose(out_); }
  fake_sentinel(const fake_sentinel&) = delete;
  fake_sentinel& operator=(const fake_sentinel&) = delete;

  std::string url() const {
    return "redis-sentinel://127.0.0.1:" + std::to_string(port_) + "#m";
  }

  /// Its next line of output, without the newline.
  std::string next_line() {
    char line[256] = {};
    if (std::fgets(line, sizeof line, out_) == nullptr)
      return "";
    std::string out = line;
    if (!out.empty() && out.back() == '\n')
      out.pop_back();
    return out;
  }

 private:
  FILE* out_;
  int port_ = 0;
};

TEST(sentinel_test, a_readonly_answer_is_a_failover_not_an_error) {
  fake_sentinel fake;
  broker b{test::failover_options(fake.url())};
  b.start();
  auto r = b.publish(destination::list("k"), "x").get();
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->count, 1);
  EXPECT_EQ(fake.next_line(), "RPUSH k refused");
  EXPECT_EQ(fake.next_line(), "RPUSH k ran");
  // The command connection moved (to the same address, which the
  // Sentinel still names) instead of failing the publish.
  EXPECT_NE(b.metrics_text().find(
                "redactor_connection_reconnects_total{app_name=\"redactor\","
                "broker=\"redis\",connection=\"commands\",role=\"master\"} 1"),
            std::string::npos);
}

TEST(sentinel_test, at_most_once_a_readonly_answer_fails_as_lost) {
  fake_sentinel fake;
  auto opts = test::failover_options(fake.url());
  opts.delivery = command_delivery::at_most_once;
  broker b{opts};
  b.start();
  auto r = b.publish(destination::list("k"), "x").get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::connection_lost);
  EXPECT_NE(r.error().detail.find("READONLY"), std::string::npos)
      << r.error().detail;
  EXPECT_EQ(fake.next_line(), "RPUSH k refused");
  // Not sent twice: the next publish is the one that runs.
  ASSERT_TRUE(b.publish(destination::list("k"), "y").get());
  EXPECT_EQ(fake.next_line(), "RPUSH k ran");
}

enum class failover_kind { sentinel_failover, kill_master };

class sentinel_failover_test : public ::testing::TestWithParam<failover_kind> {
};

/// What one kind of failover did to traffic.
struct failover_figures {
  long long resume_ms = -1;
  std::size_t durable_acked = 0, durable_lost = 0;
  std::size_t list_acked = 0, list_lost = 0, list_duplicated = 0;
  std::size_t stream_duplicated = 0;
  std::size_t probes_failed = 0;
};

TEST_P(sentinel_failover_test, traffic_resumes_on_the_new_master) {
  test::sentinel_group group;
  auto old_port = group.master().port();
  test::collector streamed, listed;
  broker b{test::failover_options(group.url())};
  auto t1 = b.subscribe(stream_sub{"orders", "g", "c"},
                        [&](const message& m) { streamed.add(m); });
  auto t2 =
      b.subscribe(list_sub{"jobs"}, [&](const message& m) { listed.add(m); });
  auto t3 = b.subscribe(channel_sub{"svc"}, [](const message& m) {
    return "echo:" + std::string{m.body()};
  });
  b.start();

  // Publishes every 5 ms: durable to the stream, plain to the list.
  test::failover_traffic traffic{b, "orders", "jobs"};
  std::atomic<bool> stop{false};
  // Requests one after another; each records when it began and ended,
  // and how.
  struct probe {
    clock_type::time_point began, ended;
    bool ok;
  };
  std::mutex probes_mtx;
  std::vector<probe> probes;
  std::thread prober{[&] {
    for (int i = 0; !stop; ++i) {
      auto body = std::to_string(i);
      auto began = clock_type::now();
      auto r = b.request(destination::channel("svc"), body, 1s).get();
      std::lock_guard<std::mutex> guard{probes_mtx};
      probes.push_back(
          {began, clock_type::now(), r && r->body() == "echo:" + body});
    }
  }};

  std::this_thread::sleep_for(1s);
  if (GetParam() == failover_kind::sentinel_failover)
    group.failover();
  else
    group.master().kill();
  bool elected = group.wait_for_new_master(old_port, 30s);
  auto elected_at = clock_type::now();
  std::this_thread::sleep_for(3s);
  stop = true;
  traffic.stop();
  prober.join();
  ASSERT_TRUE(elected);
  auto new_master = node_of(group.master_port());

  failover_figures fig;
  {
    std::lock_guard<std::mutex> guard{probes_mtx};
    // Resumed: the first request begun after the election that got its
    // answer.
    for (auto& p : probes) {
      fig.probes_failed += p.ok ? 0 : 1;
      if (p.ok && p.began >= elected_at && fig.resume_ms < 0)
        fig.resume_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            p.ended - elected_at)
                            .count();
    }
  }
  // Service resumed, on the new master, for every connection.
  EXPECT_GE(fig.resume_ms, 0) << "no request succeeded after the failover";
  ASSERT_TRUE(
      test::eventually([&] { return all_on(b.health(), new_master); }, 15s))
      << test::describe(b.health());
  EXPECT_TRUE(b.request(destination::channel("svc"), "after", 5s).get());

  // Nothing a replica acknowledged (WAIT) is lost.
  auto ended = traffic.finish(25s);
  EXPECT_EQ(ended.durable.unfinished + ended.plain.unfinished, 0u);
  auto& durable_ok = ended.durable.acked;
  auto& plain_ok = ended.plain.acked;
  fig.durable_acked = durable_ok.size();
  fig.list_acked = plain_ok.size();
  ASSERT_GT(fig.durable_acked, 0u);
  test::eventually([&] { return test::missing(streamed, durable_ok) == 0; },
                   10s);
  fig.durable_lost = test::missing(streamed, durable_ok);
  EXPECT_EQ(fig.durable_lost, 0u);
  test::eventually([&] { return test::missing(listed, plain_ok) == 0; }, 3s);
  fig.list_lost = test::missing(listed, plain_ok);
  fig.list_duplicated = test::duplicates(listed.bodies());
  fig.stream_duplicated = test::duplicates(streamed.bodies());

  EXPECT_NE(b.metrics_text().find("redactor_failovers_total"),
            std::string::npos);
  std::cout << "[failover figures] "
            << (GetParam() == failover_kind::sentinel_failover
                    ? "SENTINEL FAILOVER"
                    : "kill -9 master")
            << ": resumed " << fig.resume_ms
            << " ms after the Sentinels named the new master; durable "
            << fig.durable_acked << " acked, " << fig.durable_lost << " lost, "
            << fig.stream_duplicated << " delivered twice; list "
            << fig.list_acked << " acked, " << fig.list_lost << " lost, "
            << fig.list_duplicated << " delivered twice; " << fig.probes_failed
            << " of " << probes.size() << " requests failed\n";
}

INSTANTIATE_TEST_SUITE_P(kinds, sentinel_failover_test,
                         ::testing::Values(failover_kind::sentinel_failover,
                                           failover_kind::kill_master),
                         [](const auto& info) {
                           return info.param == failover_kind::sentinel_failover
                                      ? std::string{"sentinel_failover"}
                                      : std::string{"kill_master"};
                         });

} // namespace
