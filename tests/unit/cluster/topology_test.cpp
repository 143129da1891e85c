// SPDX-License-Identifier: MIT
#include "cluster/topology.hpp"

#include <gtest/gtest.h>

using redactor::cluster::topology;
using redactor::redis::address;
using redactor::redis::reply;

namespace {

reply str(std::string s) {
  reply r;
  r.type = reply::kind::string;
  r.str = std::move(s);
  return r;
}

reply num(long long n) {
  reply r;
  r.type = reply::kind::integer;
  r.integer = n;
  return r;
}

reply list(std::vector<reply> elements) {
  reply r;
  r.type = reply::kind::array;
  r.elements = std::move(elements);
  return r;
}

reply node(const std::string& ip, long long port, const std::string& role,
           const std::string& health = "online") {
  return list({str("id"), str("x"), str("port"), num(port), str("tls-port"),
               num(port + 1000), str("ip"), str(ip), str("endpoint"), str(ip),
               str("role"), str(role), str("replication-offset"), num(1),
               str("health"), str(health)});
}

reply shard(std::vector<reply> slots, std::vector<reply> nodes) {
  return list(
      {str("slots"), list(std::move(slots)), str("nodes"), list(nodes)});
}

const address asked{"127.0.0.1", 7000};

} // namespace

TEST(topology, reads_cluster_shards) {
  auto r =
      list({shard({num(0), num(5460)}, {node("127.0.0.1", 7000, "master"),
                                        node("127.0.0.1", 7003, "replica")}),
            shard({num(5461), num(10922)}, {node("127.0.0.1", 7001, "master")}),
            shard({num(10923), num(12000), num(12001), num(16383)},
                  {node("127.0.0.1", 7002, "master")})});
  auto t = topology::from_shards(r, asked, false);
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(t->masters().size(), 3u);
  ASSERT_EQ(t->replicas().size(), 1u);
  EXPECT_EQ(t->replicas()[0], (address{"127.0.0.1", 7003}));
  EXPECT_EQ(t->owner(0), (address{"127.0.0.1", 7000}));
  EXPECT_EQ(t->owner(5461), (address{"127.0.0.1", 7001}));
  EXPECT_EQ(t->owner(16383), (address{"127.0.0.1", 7002}));
  EXPECT_EQ(t->uncovered(), 0u);
  auto tls = topology::from_shards(r, asked, true);
  ASSERT_TRUE(tls);
  EXPECT_EQ(tls->owner(0), (address{"127.0.0.1", 8000}));
}

TEST(topology, prefers_the_online_master_of_a_shard_after_failover) {
  auto r = list(
      {shard({num(0), num(16383)}, {node("127.0.0.1", 7000, "master", "fail"),
                                    node("127.0.0.1", 7003, "master")})});
  auto t = topology::from_shards(r, asked, false);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->owner(42), (address{"127.0.0.1", 7003}));
  EXPECT_FALSE(t->is_master({"127.0.0.1", 7000}));
}

TEST(topology, reads_cluster_slots_and_fills_in_the_asked_node) {
  auto r = list({list({num(0), num(8191), list({str(""), num(7000)}),
                       list({str("127.0.0.1"), num(7003)})}),
                 list({num(8192), num(16000), list({str("h2"), num(7001)})})});
  auto t = topology::from_slots(r, asked);
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(t->owner(0), asked);
  EXPECT_EQ(t->owner(9000), (address{"h2", 7001}));
  EXPECT_EQ(t->owner(16001), std::nullopt);
  EXPECT_EQ(t->uncovered(), 383u);
  EXPECT_EQ(t->replicas().size(), 1u);
}

TEST(topology, takes_a_moved_slot_and_refuses_malformed_answers) {
  auto t = topology::from_slots(
      list({list({num(0), num(16383), list({str("a"), num(1)})})}), asked);
  ASSERT_TRUE(t);
  t->assign(7, {"b", 2});
  EXPECT_EQ(t->owner(7), (address{"b", 2}));
  EXPECT_EQ(t->owner(8), (address{"a", 1}));
  EXPECT_TRUE(t->is_master({"b", 2}));
  reply err;
  err.type = reply::kind::error;
  err.str = "ERR unknown subcommand 'SHARDS'";
  EXPECT_FALSE(topology::from_shards(err, asked, false));
  EXPECT_FALSE(topology::from_shards(str("x"), asked, false));
  EXPECT_FALSE(topology::from_slots(list({list({num(0)})}), asked));
}
