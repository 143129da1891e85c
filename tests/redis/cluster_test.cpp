// SPDX-License-Identifier: MIT
// Redis Cluster: three masters and three replicas started by the test.
// Keys spread over every master; a slot moved under traffic (ASK, then
// MOVED); a master killed under traffic (its replica takes over); sharded
// Pub/Sub; dead letters in the stream's slot; and a FastStream-style peer
// on redis.cluster.RedisCluster on the other side. Collectors come before
// their broker: handlers may still run while it stops.
#include <atomic>
#include <future>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "cluster/key_slot.hpp"
#include "redactor/broker.hpp"
#include "redactor/rpc/redisrpc_client.hpp"
#include "redactor/rpc/redisrpc_server.hpp"
#include "support/child_process.hpp"
#include "support/collector.hpp"
#include "support/failover_check.hpp"
#include "support/faststream_peer.hpp"
#include "support/node_command.hpp"
#include "support/redis_cluster.hpp"
#include "support/test_pki.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

using clock_type = std::chrono::steady_clock;

/// The value of a metric line that begins with `series`, or -1.
long long metric(const std::string& text, const std::string& series) {
  auto at = text.find(series);
  if (at == std::string::npos)
    return -1;
  return std::stoll(text.substr(text.find(' ', at) + 1));
}

std::uint16_t slot_of(const std::string& key) {
  return cluster::key_slot(key);
}

/// tests/interop/redisrpc_peer.py serving the calculator on `queue` of the
/// cluster, as the reference server of `style` does, until destroyed.
test::background_child redisrpc_peer_server(int port, const std::string& queue,
                                            const std::string& style) {
  return test::background_child{
      {REDACTOR_PYTHON, std::string{REDACTOR_INTEROP_DIR} + "/redisrpc_peer.py",
       "--port", std::to_string(port), "server", "--cluster", "--style", style,
       "--queue", queue}};
}

} // namespace

TEST(cluster_test, spreads_lists_streams_and_requests_over_every_master) {
  test::redis_cluster cluster;
  auto lists = cluster.keys_on_every_master("jobs-", 3);
  auto streams = cluster.keys_on_every_master("orders-", 3);
  auto channels = cluster.keys_on_every_master("svc-", 3);
  ASSERT_EQ(lists.size(), 3u);
  test::collector listed, streamed;
  broker b{test::failover_options(cluster.url())};
  std::vector<subscription_token> tokens;
  for (auto& l : lists)
    tokens.push_back(
        b.subscribe(list_sub{l}, [&](const message& m) { listed.add(m); }));
  for (auto& s : streams)
    tokens.push_back(b.subscribe(stream_sub{s, "g", "c"},
                                 [&](const message& m) { streamed.add(m); }));
  for (auto& c : channels)
    tokens.push_back(b.subscribe(channel_sub{c}, [](const message& m) {
      return "echo:" + std::string{m.body()};
    }));
  b.start();
  constexpr int per_key = 50;
  std::vector<std::future<result<publish_result>>> acks;
  for (int i = 0; i < per_key; ++i)
    for (std::size_t k = 0; k < 3; ++k) {
      auto body = std::to_string(k) + ":" + std::to_string(i);
      acks.push_back(b.publish(destination::list(lists[k]), body));
      acks.push_back(b.publish(destination::stream(streams[k]), body));
    }
  for (auto& a : acks) {
    auto r = a.get();
    ASSERT_TRUE(r) << r.error().detail;
  }
  ASSERT_TRUE(listed.wait_for(3 * per_key));
  ASSERT_TRUE(streamed.wait_for(3 * per_key));
  EXPECT_EQ(test::duplicates(listed.bodies()), 0u);
  for (auto& c : channels) {
    auto r = b.request(destination::channel(c), "hi", 5s).get();
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(r->body(), "echo:hi");
  }
  // Each key was read and written where it lives: every master has data.
  for (auto port : cluster.masters()) {
    auto size = test::node_command(port, {"DBSIZE"});
    ASSERT_TRUE(size);
    EXPECT_GT(size->integer, 0) << "master on " << port;
  }
  ASSERT_TRUE(test::eventually([&] { return b.health().healthy; }))
      << test::describe(b.health());
  auto h = b.health();
  EXPECT_NE(h.master.find("cluster: 3 masters, 3 replicas, all slots served"),
            std::string::npos)
      << h.master;
  std::set<std::string> command_nodes;
  for (auto& c : h.connections)
    if (c.name.rfind("commands@", 0) == 0)
      command_nodes.insert(c.node);
  EXPECT_EQ(command_nodes.size(), 3u) << test::describe(h);
}

TEST(cluster_test, follows_slots_moved_under_traffic) {
  test::redis_cluster cluster;
  std::string list = "busy-list", stream = "busy-stream";
  test::collector listed, streamed;
  broker b{test::failover_options(cluster.url())};
  auto t1 =
      b.subscribe(list_sub{list}, [&](const message& m) { listed.add(m); });
  auto t2 = b.subscribe(stream_sub{stream, "g", "c"},
                        [&](const message& m) { streamed.add(m); });
  b.start();
  std::atomic<bool> stop{false};
  std::mutex mtx;
  std::vector<std::pair<std::string, std::future<result<publish_result>>>>
      to_list, to_stream;
  std::thread publisher{[&] {
    for (int i = 0; !stop; ++i) {
      auto body = std::to_string(i);
      std::lock_guard<std::mutex> guard{mtx};
      to_list.emplace_back(body, b.publish(destination::list(list), body));
      to_stream.emplace_back(body,
                             b.publish(destination::stream(stream), body));
      std::this_thread::sleep_for(2ms);
    }
  }};
  std::this_thread::sleep_for(300ms);
  // Each slot to the next master, and the list's back again: both ways
  // through ASK (while migrating) and MOVED (after).
  auto masters = cluster.masters();
  auto next = [&](std::uint16_t slot) {
    auto now = cluster.master_of(slot);
    auto at = std::find(masters.begin(), masters.end(), now) - masters.begin();
    return masters[static_cast<std::size_t>(at + 1) % masters.size()];
  };
  auto list_home = cluster.master_of(slot_of(list));
  cluster.migrate_slot(slot_of(list), next(slot_of(list)));
  std::this_thread::sleep_for(300ms);
  cluster.migrate_slot(slot_of(stream), next(slot_of(stream)));
  std::this_thread::sleep_for(300ms);
  cluster.migrate_slot(slot_of(list), list_home);
  std::this_thread::sleep_for(500ms);
  stop = true;
  publisher.join();

  std::vector<std::string> list_ok, stream_ok;
  std::size_t failed = 0;
  for (auto& [body, f] : to_list) {
    auto r = f.get();
    failed += r ? 0 : 1;
    if (r)
      list_ok.push_back(body);
    else
      ADD_FAILURE() << "list publish " << body << ": " << r.error().detail;
  }
  for (auto& [body, f] : to_stream) {
    auto r = f.get();
    failed += r ? 0 : 1;
    if (r)
      stream_ok.push_back(body);
    else
      ADD_FAILURE() << "stream publish " << body << ": " << r.error().detail;
  }
  EXPECT_EQ(failed, 0u);
  test::eventually([&] { return test::missing(listed, list_ok) == 0; }, 10s);
  test::eventually([&] { return test::missing(streamed, stream_ok) == 0; },
                   10s);
  EXPECT_EQ(test::missing(listed, list_ok), 0u);
  EXPECT_EQ(test::missing(streamed, stream_ok), 0u);
  auto metrics = b.metrics_text();
  auto moved = metric(metrics, "redactor_cluster_redirects_total{app_name="
                               "\"redactor\",broker=\"redis\",kind=\"moved\"}");
  auto asked = metric(metrics, "redactor_cluster_redirects_total{app_name="
                               "\"redactor\",broker=\"redis\",kind=\"ask\"}");
  EXPECT_GT(moved, 0) << metrics;
  std::cout << "[resharding figures] " << list_ok.size() << " list and "
            << stream_ok.size() << " stream publishes acknowledged, " << failed
            << " failed, "
            << test::missing(listed, list_ok) +
                   test::missing(streamed, stream_ok)
            << " lost, " << test::duplicates(listed.bodies())
            << " list entries delivered twice, "
            << test::duplicates(streamed.bodies())
            << " stream entries delivered twice; " << moved << " MOVED and "
            << asked << " ASK answers taken\n";
}

TEST(cluster_test, resumes_when_a_master_is_killed) {
  test::redis_cluster cluster;
  std::string stream = "orders", list = "jobs";
  auto victim = cluster.master_of(slot_of(stream));
  // The list on the same master, so that both lose their home.
  for (int i = 0; cluster.master_of(slot_of(list)) != victim; ++i)
    list = "jobs-" + std::to_string(i);
  std::string channel = "svc";
  test::collector streamed, listed;
  broker b{test::failover_options(cluster.url())};
  auto t1 = b.subscribe(stream_sub{stream, "g", "c"},
                        [&](const message& m) { streamed.add(m); });
  auto t2 =
      b.subscribe(list_sub{list}, [&](const message& m) { listed.add(m); });
  auto t3 = b.subscribe(channel_sub{channel}, [](const message& m) {
    return "echo:" + std::string{m.body()};
  });
  b.start();
  // A WAIT holds the durable connection up to replica_timeout while the
  // shard has no replica (from the promotion until the killed node is back
  // as one): durable publishes every 50 ms only.
  test::failover_traffic traffic{b, stream, list, 10};
  std::this_thread::sleep_for(1s);
  auto killed_at = clock_type::now();
  cluster.node(victim).kill();
  bool failed_over = cluster.wait_for_failover(victim, 30s);
  auto promoted_at = clock_type::now();
  // Back, as the new master's replica.
  cluster.node(victim).restart();
  // The first entry published after the promotion that reached the
  // handler tells when consumption resumed.
  auto mark = "after-" + std::to_string(victim);
  auto marked = b.publish(destination::stream(stream), mark);
  ASSERT_TRUE(streamed.wait_for_body(mark, 20s));
  auto resumed_at = clock_type::now();
  std::this_thread::sleep_for(1s);
  traffic.stop();
  ASSERT_TRUE(failed_over);
  ASSERT_TRUE(marked.get());
  EXPECT_TRUE(b.request(destination::channel(channel), "after", 5s).get());

  // Every publish ends, one way or the other, within its publish_timeout.
  auto ended = traffic.finish(25s);
  EXPECT_EQ(ended.durable.unfinished + ended.plain.unfinished, 0u);
  auto& durable_ok = ended.durable.acked;
  auto& plain_ok = ended.plain.acked;
  test::eventually([&] { return test::missing(streamed, durable_ok) == 0; },
                   10s);
  test::eventually([&] { return test::missing(listed, plain_ok) == 0; }, 3s);
  auto durable_lost = test::missing(streamed, durable_ok);
  // A replica acknowledged these (WAIT): none may be lost.
  EXPECT_EQ(durable_lost, 0u);
  ASSERT_TRUE(test::eventually([&] { return b.health().healthy; }, 15s))
      << test::describe(b.health());
  auto ms = [](auto d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  std::cout << "[cluster failover figures] kill -9 master: the replica took "
            << "over " << ms(promoted_at - killed_at)
            << " ms after the kill; consumption resumed "
            << ms(resumed_at - promoted_at) << " ms after that; durable "
            << durable_ok.size() << " acked, " << durable_lost << " lost, "
            << ended.durable.failed << " failed, "
            << test::duplicates(streamed.bodies()) << " delivered twice; list "
            << plain_ok.size() << " acked, " << test::missing(listed, plain_ok)
            << " lost, " << ended.plain.failed << " failed, "
            << test::duplicates(listed.bodies()) << " delivered twice\n";
}

TEST(cluster_test, sharded_channels_reach_sharded_subscribers_only) {
  test::redis_cluster cluster;
  test::collector sharded, plain;
  broker b{test::failover_options(cluster.url())};
  channel_sub s{"events"};
  s.sharded = true;
  auto t1 = b.subscribe(s, [&](const message& m) { sharded.add(m); });
  auto t2 = b.subscribe(channel_sub{"events"},
                        [&](const message& m) { plain.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::sharded_channel("events"), "s1").get());
  ASSERT_TRUE(b.publish(destination::channel("events"), "p1").get());
  ASSERT_TRUE(sharded.wait_for(1));
  ASSERT_TRUE(plain.wait_for(1));
  EXPECT_EQ(sharded.bodies(), std::vector<std::string>{"s1"});
  EXPECT_EQ(plain.bodies(), std::vector<std::string>{"p1"});
  // The subscription follows its channel's slot.
  auto masters = cluster.masters();
  auto home = cluster.master_of(slot_of("events"));
  cluster.migrate_slot(slot_of("events"),
                       home == masters[0] ? masters[1] : masters[0]);
  ASSERT_TRUE(test::eventually(
      [&] {
        (void)b.publish(destination::sharded_channel("events"), "s2").get();
        return sharded.contains("s2");
      },
      10s));

  channel_sub pattern{"events.*"};
  pattern.sharded = true;
  EXPECT_THROW(b.subscribe(pattern, [](const message&) {}), error);
}

TEST(cluster_test, dead_letters_stay_in_the_streams_slot) {
  test::redis_cluster cluster;
  test::collector dead;
  broker b{test::failover_options(cluster.url())};
  stream_sub s{"payments", "g", "c"};
  s.max_deliveries = 1;
  s.min_idle_time = 100ms;
  auto t = b.subscribe(s, [](const message&) -> void {
    throw std::runtime_error("always fails");
  });
  auto t2 = b.subscribe(stream_sub{"{payments}:dead-letter"},
                        [&](const message& m) { dead.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::stream("payments"), "bad").get());
  ASSERT_TRUE(dead.wait_for(1, 15s));
  EXPECT_EQ(dead.bodies(), std::vector<std::string>{"bad"});

  stream_sub elsewhere{"payments2", "g", "c"};
  elsewhere.dead_letter_stream = "payments2:dead-letter";
  try {
    (void)b.subscribe(elsewhere, [](const message&) {});
    ADD_FAILURE() << "a dead-letter stream in another slot was accepted";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::invalid_argument);
    EXPECT_NE(std::string{e.what()}.find("{payments2}:dead-letter"),
              std::string::npos)
        << e.what();
  }
}

TEST(cluster_test, a_faststream_cluster_peer_on_the_other_side) {
  test::redis_cluster cluster;
  auto port = cluster.nodes()[0]->port();
  test::collector got;
  broker b{test::failover_options(cluster.url())};
  auto t1 = b.subscribe(list_sub{"interop:py"},
                        [&](const message& m) { got.add(m); });
  auto t2 = b.subscribe(channel_sub{"cluster-svc"}, [](const message& m) {
    return "echo:" + std::string{m.body()};
  });
  b.start();
  // It writes FastStream frames to a list; we read them.
  ASSERT_EQ(test::run_faststream_peer(port, "--cluster write"), 0);
  ASSERT_TRUE(got.wait_for(7));
  EXPECT_TRUE(got.contains("hi"));
  // It requests from our responder, FastStream-style.
  EXPECT_EQ(test::run_faststream_peer(
                port, "--cluster request --channel cluster-svc --count 5"),
            0);
  // It serves our requests.
  test::faststream_server peer{
      port, "--cluster serve --channel cluster-peer --count 3"};
  ASSERT_TRUE(peer.ready());
  for (int i = 0; i < 3; ++i) {
    auto r = b.request(destination::channel("cluster-peer"),
                       "p" + std::to_string(i), 5s)
                 .get();
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(r->body(), "pong:p" + std::to_string(i));
  }
  EXPECT_EQ(peer.exit_code(), 0);
}

TEST(cluster_test, over_tls_with_a_rediss_cluster_url) {
  test::test_pki pki;
  test::redis_cluster cluster{0, &pki};
  auto opts = test::failover_options(cluster.tls_url());
  opts.connection.tls.ca_file = pki.ca_cert();
  test::collector got;
  broker b{opts};
  auto lists = cluster.keys_on_every_master("tls-jobs-", 3);
  std::vector<subscription_token> tokens;
  for (auto& l : lists)
    tokens.push_back(
        b.subscribe(list_sub{l}, [&](const message& m) { got.add(m); }));
  tokens.push_back(b.subscribe(channel_sub{"tls-svc"}, [](const message& m) {
    return "echo:" + std::string{m.body()};
  }));
  b.start();
  for (auto& l : lists)
    ASSERT_TRUE(b.publish(destination::list(l), "before:" + l).get());
  ASSERT_TRUE(got.wait_for(3));
  auto r = b.request(destination::channel("tls-svc"), "hi", 5s).get();
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->body(), "echo:hi");
  // A MOVED answer names the TLS port to a TLS client: the publish and the
  // reader follow it there.
  auto masters = cluster.masters();
  auto home = cluster.master_of(slot_of(lists[0]));
  cluster.migrate_slot(slot_of(lists[0]),
                       home == masters[0] ? masters[1] : masters[0]);
  auto moved = b.publish(destination::list(lists[0]), "after").get();
  ASSERT_TRUE(moved) << moved.error().detail;
  ASSERT_TRUE(got.wait_for_body("after"));
  std::set<int> tls_ports;
  for (auto& n : cluster.nodes())
    tls_ports.insert(n->tls_port());
  for (auto& c : b.health().connections) {
    if (c.node.empty())
      continue;
    auto port = std::stoi(c.node.substr(c.node.rfind(':') + 1));
    EXPECT_EQ(tls_ports.count(port), 1u) << c.name << " on " << c.node;
  }
}

TEST(cluster_test, redisrpc_calls_to_foreign_and_own_servers) {
  test::redis_cluster cluster;
  broker b{test::failover_options(cluster.url())};
  // A queue with a hash tag of its own: its response lists share its slot.
  auto methods = std::make_shared<rpc::registry>();
  methods->add_typed("add", {"a", "b"},
                     [](double a, double b) { return a + b; });
  auto served = rpc::serve_redisrpc(b, "{billing}rpc", methods);
  b.start();
  // The Ruby reference server (RPUSH and EXPIRE in one pipeline) on
  // python3-redis's RedisCluster serves our client; each response list
  // carries the broker's hash tag, so one BLPOP waits on all of them.
  auto ruby = redisrpc_peer_server(cluster.nodes()[0]->port(), "calc", "ruby");
  rpc::redisrpc_client calc{b, "calc", 10s};
  ASSERT_TRUE(calc.call("clr").get());
  std::vector<std::future<result<boost::json::value>>> adds;
  for (int i = 1; i <= 10; ++i)
    adds.push_back(calc.call("add", {i}));
  for (auto& a : adds)
    ASSERT_TRUE(a.get());
  auto total = calc.call("val").get();
  ASSERT_TRUE(total) << total.error().detail;
  EXPECT_EQ(total->as_double(), 55.0);

  rpc::redisrpc_client billing{b, "{billing}rpc", 5s};
  std::vector<std::future<result<boost::json::value>>> sums;
  for (int i = 0; i < 10; ++i)
    sums.push_back(billing.call("add", {i, 1}));
  for (int i = 0; i < 10; ++i) {
    auto r = sums[static_cast<std::size_t>(i)].get();
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(r->as_double(), i + 1.0);
  }
}
