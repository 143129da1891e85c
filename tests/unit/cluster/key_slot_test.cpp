// SPDX-License-Identifier: MIT
#include "cluster/key_slot.hpp"

#include <gtest/gtest.h>

using redactor::cluster::command_slot;
using redactor::cluster::hash_tag;
using redactor::cluster::key_slot;

TEST(key_slot, matches_the_slots_redis_reports) {
  // CLUSTER KEYSLOT answers of Redis 7.0.
  EXPECT_EQ(key_slot("foo"), 12182);
  EXPECT_EQ(key_slot("bar"), 5061);
  EXPECT_EQ(key_slot("123456789"), 12739); // CRC16 check value 0x31C3
  EXPECT_EQ(key_slot(""), 0);
  EXPECT_EQ(key_slot("orders:dead-letter"), key_slot("orders:dead-letter"));
}

TEST(key_slot, follows_the_hash_tag_rules) {
  EXPECT_EQ(hash_tag("{user1000}.following"), "user1000");
  EXPECT_EQ(key_slot("{user1000}.following"), key_slot("{user1000}.followers"));
  EXPECT_EQ(hash_tag("foo{}{bar}"), "foo{}{bar}"); // empty tag: whole key
  EXPECT_EQ(hash_tag("foo{{bar}}zap"), "{bar");    // up to the first '}'
  EXPECT_EQ(hash_tag("foo{bar}{zap}"), "bar");     // the first tag only
  EXPECT_EQ(hash_tag("foo{bar"), "foo{bar");       // unterminated
}

TEST(key_slot, routes_commands_by_their_first_key) {
  using args = std::vector<std::string>;
  EXPECT_EQ(command_slot(args{"RPUSH", "foo", "x"}), key_slot("foo"));
  EXPECT_EQ(command_slot(args{"xadd", "foo", "*", "f", "v"}), key_slot("foo"));
  EXPECT_EQ(command_slot(args{"PUBLISH", "bar", "x"}), key_slot("bar"));
  EXPECT_EQ(command_slot(args{"XINFO", "GROUPS", "foo"}), key_slot("foo"));
  EXPECT_EQ(command_slot(args{"XGROUP", "CREATE", "foo", "g", "$"}),
            key_slot("foo"));
  EXPECT_EQ(command_slot(args{"EVAL", "return 1", "1", "foo", "x"}),
            key_slot("foo"));
  EXPECT_EQ(command_slot(args{"EVAL", "return 1", "0"}), std::nullopt);
  EXPECT_EQ(command_slot(args{"PING"}), std::nullopt);
  EXPECT_EQ(command_slot(args{"WAIT", "1", "100"}), std::nullopt);
  EXPECT_EQ(command_slot(args{}), std::nullopt);
}
