// SPDX-License-Identifier: MIT
// The harness itself: private, loopback-only, persistence off, isolated.
#include "support/redis_test.hpp"

using redis_harness = redactor::test::redis_test;

TEST_F(redis_harness, starts_empty_on_loopback_without_persistence) {
  EXPECT_EQ(command({"DBSIZE"})->integer, 0);
  auto save = command({"CONFIG", "GET", "save"});
  ASSERT_EQ(save->elements, 2u);
  EXPECT_STREQ(save->element[1]->str, "");
  auto aof = command({"CONFIG", "GET", "appendonly"});
  EXPECT_STREQ(aof->element[1]->str, "no");
  auto bind = command({"CONFIG", "GET", "bind"});
  EXPECT_STREQ(bind->element[1]->str, "127.0.0.1");
  command({"SET", "left-behind", "1"});
}

TEST_F(redis_harness, each_test_starts_from_an_empty_server) {
  EXPECT_EQ(command({"EXISTS", "left-behind"})->integer, 0);
}

TEST_F(redis_harness, kill_loses_data_and_restart_serves_again) {
  command({"SET", "k", "v"});
  server().kill();
  server().restart();
  redisContext* c = redisConnect("127.0.0.1", server().port());
  ASSERT_TRUE(c != nullptr && c->err == 0);
  redactor::test::reply_ptr r{
      static_cast<redisReply*>(redisCommand(c, "EXISTS k"))};
  ASSERT_TRUE(r);
  EXPECT_EQ(r->integer, 0);
  redisFree(c);
}
