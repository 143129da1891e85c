// SPDX-License-Identifier: MIT
#include "redis/reply.hpp"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

using redactor::redis::reply;

namespace {

reply parse(std::string_view resp) {
  auto* reader = redactor::redis::make_reply_reader();
  redisReaderFeed(reader, resp.data(), resp.size());
  void* raw = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader, &raw), REDIS_OK);
  EXPECT_NE(raw, nullptr);
  auto out = redactor::redis::take_reply(raw);
  redisReaderFree(reader);
  return out;
}

} // namespace

TEST(reply, builds_every_resp2_type) {
  EXPECT_EQ(parse(":42\r\n").integer, 42);
  EXPECT_EQ(parse("+OK\r\n").type, reply::kind::status);
  EXPECT_EQ(parse("$-1\r\n").type, reply::kind::nil);
  auto bulk = parse(std::string{"$3\r\na\0b\r\n", 9});
  EXPECT_EQ(bulk.type, reply::kind::string);
  EXPECT_EQ(bulk.str, std::string("a\0b", 3));
}

TEST(reply, builds_nested_stream_replies) {
  // XREADGROUP: [[stream, [[id, [field, value]]]]]
  auto r = parse("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n"
                 "$8\r\n__data__\r\n$2\r\nhi\r\n");
  ASSERT_TRUE(r.is_array());
  auto& entry = r.elements[0].elements[1].elements[0];
  EXPECT_EQ(entry.elements[0].str, "1-0");
  EXPECT_EQ(entry.elements[1].elements[1].str, "hi");
}

TEST(reply, builds_nil_and_integer_elements_in_place) {
  auto r = parse("*3\r\n$-1\r\n:7\r\n*0\r\n");
  ASSERT_EQ(r.elements.size(), 3u);
  EXPECT_EQ(r.elements[0].type, reply::kind::nil);
  EXPECT_EQ(r.elements[1].integer, 7);
  EXPECT_TRUE(r.elements[2].is_array());
  EXPECT_TRUE(r.elements[2].elements.empty());
}

TEST(reply, a_reply_split_over_feeds_is_built_once_complete) {
  auto* reader = redactor::redis::make_reply_reader();
  void* raw = nullptr;
  std::string_view first{"*2\r\n$5\r\nhel"};
  std::string_view rest{"lo\r\n$-1\r\n"};
  redisReaderFeed(reader, first.data(), first.size());
  ASSERT_EQ(redisReaderGetReply(reader, &raw), REDIS_OK);
  EXPECT_EQ(raw, nullptr);
  redisReaderFeed(reader, rest.data(), rest.size());
  ASSERT_EQ(redisReaderGetReply(reader, &raw), REDIS_OK);
  ASSERT_NE(raw, nullptr);
  auto r = redactor::redis::take_reply(raw);
  redisReaderFree(reader);
  ASSERT_EQ(r.elements.size(), 2u);
  EXPECT_EQ(r.elements[0].str, "hello");
  EXPECT_EQ(r.elements[1].type, reply::kind::nil);
}

TEST(reply, an_announced_length_allocates_nothing_up_front) {
  // A hostile or broken server announcing 2^31 - 1 elements costs nothing
  // until they arrive.
  auto* reader = redactor::redis::make_reply_reader();
  std::string_view huge{"*2147483647\r\n:1\r\n"};
  redisReaderFeed(reader, huge.data(), huge.size());
  void* raw = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader, &raw), REDIS_OK);
  EXPECT_EQ(raw, nullptr);
  redisReaderFree(reader);
}

TEST(reply, error_codes_match_whole_words) {
  auto r = parse("-NOGROUP No such key 's' or consumer group 'g'\r\n");
  EXPECT_TRUE(r.is_error());
  EXPECT_TRUE(r.is_error("NOGROUP"));
  EXPECT_FALSE(r.is_error("NOGRO"));
  EXPECT_FALSE(r.is_error("BUSYGROUP"));
  EXPECT_TRUE(parse("-BUSYGROUP\r\n").is_error("BUSYGROUP"));
}
