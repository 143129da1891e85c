// SPDX-License-Identifier: MIT
// Three processes in one consumer group; one is killed with SIGKILL
// mid-traffic; the others reclaim its pending entries. On one Redis, and on
// a cluster with a stream on every master.
#include <csignal>
#include <fstream>
#include <functional>
#include <future>
#include <set>
#include <thread>

#include <unistd.h>

#include "support/broker_test.hpp"
#include "support/child_process.hpp"
#include "support/node_command.hpp"
#include "support/redis_cluster.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

using scale_out_test = test::broker_test;

pid_t spawn_consumer(const std::string& url, const std::string& streams,
                     const std::string& name, const std::string& out) {
  return test::spawn_child(
      {REDACTOR_GROUP_CONSUMER, url, streams, "workers", name, out});
}

std::set<std::string> lines_of(const std::vector<std::string>& files,
                               std::size_t* total = nullptr) {
  std::set<std::string> out;
  for (auto& f : files) {
    std::ifstream in{f};
    for (std::string line; std::getline(in, line);) {
      out.insert(line);
      if (total)
        ++*total;
    }
  }
  return out;
}

/// Where the consumer group lives: one Redis, or a cluster with a stream
/// on every master.
struct group_home {
  std::string url;
  std::vector<std::string> streams;
  /// Entries pending for `consumer` on `stream` (all consumers: empty).
  std::function<std::size_t(const std::string& stream,
                            const std::string& consumer)>
      pending;
};

std::string joined(const std::vector<std::string>& streams) {
  std::string out;
  for (auto& s : streams)
    out += (out.empty() ? "" : ",") + s;
  return out;
}

/// Three processes share the group's work; the first is killed with
/// SIGKILL while it holds entries, and the others reclaim them.
void survivors_reclaim(const group_home& home) {
  constexpr int n = 600;
  std::vector<std::string> files;
  std::vector<pid_t> pids;
  auto dir = ::testing::TempDir();
  for (int i = 0; i < 3; ++i) {
    files.push_back(dir + "/consumer" + std::to_string(i) + "-" +
                    std::to_string(::getpid()) + ".txt");
    std::remove(files.back().c_str());
    pids.push_back(spawn_consumer(home.url, joined(home.streams),
                                  "c" + std::to_string(i), files.back()));
  }
  broker_options opts;
  opts.connection = connection_options::from_url(home.url);
  broker b{opts};
  b.start();
  std::vector<publisher> pubs;
  for (auto& s : home.streams)
    pubs.push_back(b.make_publisher(destination::stream(s)));
  // In bursts, so that the consumers always have a backlog and the first
  // one is killed holding entries, however fast the publisher is.
  auto burst = [&](int from, int to) {
    std::vector<std::future<result<publish_result>>> sent;
    for (int i = from; i < to; ++i)
      sent.push_back(pubs[static_cast<std::size_t>(i) % pubs.size()].publish(
          "e" + std::to_string(i)));
    for (auto& f : sent)
      ASSERT_TRUE(f.get());
  };
  auto pending_in = [&](const std::string& consumer) {
    std::size_t held = 0;
    for (auto& s : home.streams)
      held += home.pending(s, consumer);
    return held;
  };
  burst(0, 2 * n / 3);
  // Mid-traffic: the first consumer dies holding pending entries.
  ASSERT_TRUE(test::eventually(
      [&] { return !lines_of({files[0]}).empty() && pending_in("c0") > 0; }));
  ::kill(pids[0], SIGKILL);
  test::wait_child(pids[0]);
  std::size_t dead_held = pending_in("c0");
  burst(2 * n / 3, n);
  std::size_t handled = 0;
  EXPECT_TRUE(test::eventually(
      [&] { return lines_of(files).size() == static_cast<std::size_t>(n); },
      30s))
      << lines_of(files).size() << " of " << n << " handled";
  EXPECT_TRUE(test::eventually([&] { return pending_in("") == 0; }, 10s));
  // The reclaim was exercised: the dead consumer held entries, and they
  // were all handed to the others.
  EXPECT_GT(dead_held, 0u);
  EXPECT_EQ(pending_in("c0"), 0u);
  // The work was shared: each survivor handled some of it.
  for (std::size_t i = 1; i < files.size(); ++i)
    EXPECT_FALSE(lines_of({files[i]}).empty()) << "consumer " << i;
  lines_of(files, &handled);
  std::printf("%d entries over %zu stream(s), %zu handlings (at least "
              "once); the killed consumer held %zu\n",
              n, home.streams.size(), handled, dead_held);
  for (std::size_t i = 1; i < pids.size(); ++i) {
    ::kill(pids[i], SIGTERM);
    EXPECT_EQ(test::wait_child(pids[i]), 0);
  }
  for (auto& f : files)
    std::remove(f.c_str());
}

/// XPENDING's count for a consumer, or for the whole group.
std::size_t pending_count(const test::node_reply& r, bool per_consumer) {
  if (!r || r->type != REDIS_REPLY_ARRAY)
    return 0;
  if (per_consumer)
    return r->elements;
  return r->elements > 0 ? static_cast<std::size_t>(r->element[0]->integer) : 0;
}

std::vector<std::string> xpending(const std::string& stream,
                                  const std::string& consumer) {
  if (consumer.empty())
    return {"XPENDING", stream, "workers"};
  return {"XPENDING", stream, "workers", "-", "+", "1000", consumer};
}

TEST_F(scale_out_test, survivors_reclaim_a_killed_consumers_entries) {
  survivors_reclaim(
      {server().url(),
       {"work"},
       [&](const std::string& stream, const std::string& c) {
         return pending_count(
             test::node_command(server().port(), xpending(stream, c)),
             !c.empty());
       }});
}

TEST(scale_out_cluster_test, streams_on_every_master_share_the_work) {
  test::redis_cluster cluster;
  survivors_reclaim(
      {cluster.url(), cluster.keys_on_every_master("work-", 3),
       [&](const std::string& stream, const std::string& c) {
         auto slot = test::node_command(cluster.nodes()[0]->port(),
                                        {"CLUSTER", "KEYSLOT", stream});
         auto port =
             cluster.master_of(static_cast<std::uint16_t>(slot->integer));
         return pending_count(test::node_command(port, xpending(stream, c)),
                              !c.empty());
       }});
}

} // namespace
