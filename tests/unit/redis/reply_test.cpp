// SPDX-License-Identifier: MIT
#include "redis/reply.hpp"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

using redactor::redis::reply;

namespace {

reply parse(std::string_view resp) {
  auto* reader = redisReaderCreate();
  redisReaderFeed(reader, resp.data(), resp.size());
  void* raw = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader, &raw), REDIS_OK);
  EXPECT_NE(raw, nullptr);
  auto out = redactor::redis::copy_reply(*static_cast<redisReply*>(raw));
  freeReplyObject(raw);
  redisReaderFree(reader);
  return out;
}

} // namespace

TEST(reply, copies_every_resp2_type) {
  EXPECT_EQ(parse(":42\r\n").integer, 42);
  EXPECT_EQ(parse("+OK\r\n").type, reply::kind::status);
  EXPECT_EQ(parse("$-1\r\n").type, reply::kind::nil);
  auto bulk = parse(std::string{"$3\r\na\0b\r\n", 9});
  EXPECT_EQ(bulk.type, reply::kind::string);
  EXPECT_EQ(bulk.str, std::string("a\0b", 3));
}

TEST(reply, copies_nested_stream_replies) {
  // XREADGROUP: [[stream, [[id, [field, value]]]]]
  auto r = parse("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n"
                 "$8\r\n__data__\r\n$2\r\nhi\r\n");
  ASSERT_TRUE(r.is_array());
  auto& entry = r.elements[0].elements[1].elements[0];
  EXPECT_EQ(entry.elements[0].str, "1-0");
  EXPECT_EQ(entry.elements[1].elements[1].str, "hi");
}

TEST(reply, error_codes_match_whole_words) {
  auto r = parse("-NOGROUP No such key 's' or consumer group 'g'\r\n");
  EXPECT_TRUE(r.is_error());
  EXPECT_TRUE(r.is_error("NOGROUP"));
  EXPECT_FALSE(r.is_error("NOGRO"));
  EXPECT_FALSE(r.is_error("BUSYGROUP"));
  EXPECT_TRUE(parse("-BUSYGROUP\r\n").is_error("BUSYGROUP"));
}
