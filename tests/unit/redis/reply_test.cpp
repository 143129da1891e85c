// SPDX-License-Identifier: MIT
#include "redis/reply.hpp"

#include <memory>
#include <string>
#include <vector>

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
  // A hostile or broken server announcing 2^31 - 1 elements costs at most
  // 1,024 empty elements until they arrive.
  auto* reader = redactor::redis::make_reply_reader();
  std::string_view huge{"*2147483647\r\n:1\r\n"};
  redisReaderFeed(reader, huge.data(), huge.size());
  void* raw = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader, &raw), REDIS_OK);
  EXPECT_EQ(raw, nullptr);
  redisReaderFree(reader);
}

/// Feeds `resp` (one whole reply) to `reader` and lends the tree built.
redactor::redis::reply_node lend(redisReader* reader, std::string_view resp) {
  redisReaderFeed(reader, resp.data(), resp.size());
  void* raw = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader, &raw), REDIS_OK);
  EXPECT_NE(raw, nullptr);
  return redactor::redis::adopt_reply(raw);
}

TEST(reply, a_recycled_tree_holds_nothing_of_the_last_reply) {
  auto* reader = redactor::redis::make_reply_reader();
  {
    auto r = lend(reader, "*3\r\n$7\r\nmessage\r\n$5\r\nchan1\r\n"
                          "$5\r\nhello\r\n");
    ASSERT_EQ(r->elements.size(), 3u);
    EXPECT_EQ(r->elements[2].str, "hello");
  }
  {
    // Same shape: the third element is an integer now, with no text left.
    auto r = lend(reader, "*3\r\n$11\r\nunsubscribe\r\n$5\r\nchan2\r\n:0\r\n");
    ASSERT_EQ(r->elements.size(), 3u);
    EXPECT_EQ(r->elements[0].str, "unsubscribe");
    EXPECT_EQ(r->elements[1].str, "chan2");
    EXPECT_EQ(r->elements[2].type, reply::kind::integer);
    EXPECT_EQ(r->elements[2].str, "");
  }
  {
    // Shorter, nested, with a nil where a string was.
    auto r = lend(reader, "*2\r\n*1\r\n$1\r\na\r\n$-1\r\n");
    ASSERT_EQ(r->elements.size(), 2u);
    ASSERT_TRUE(r->elements[0].is_array());
    ASSERT_EQ(r->elements[0].elements.size(), 1u);
    EXPECT_EQ(r->elements[0].elements[0].str, "a");
    EXPECT_EQ(r->elements[0].str, "");
    EXPECT_EQ(r->elements[1].type, reply::kind::nil);
    EXPECT_EQ(r->elements[1].str, "");
    EXPECT_TRUE(r->elements[1].elements.empty());
  }
  {
    // A value that is no array, taken whole, in the recycled node.
    redisReaderFeed(reader, ":5\r\n", 4);
    void* raw = nullptr;
    ASSERT_EQ(redisReaderGetReply(reader, &raw), REDIS_OK);
    auto r = redactor::redis::take_reply(raw);
    EXPECT_EQ(r.type, reply::kind::integer);
    EXPECT_EQ(r.integer, 5);
    EXPECT_TRUE(r.elements.empty());
  }
  {
    auto r = lend(reader, "-ERR no\r\n");
    EXPECT_TRUE(r->is_error("ERR"));
    EXPECT_EQ(r->integer, 0);
    EXPECT_TRUE(r->elements.empty());
  }
  {
    auto r = lend(reader, ":9\r\n");
    EXPECT_EQ(r->integer, 9);
  }
  {
    auto r = lend(reader, "*0\r\n");
    EXPECT_TRUE(r->is_array());
    EXPECT_EQ(r->integer, 0);
    EXPECT_TRUE(r->elements.empty());
    EXPECT_EQ(r->str, "");
  }
  redisReaderFree(reader);
}

TEST(reply, a_push_is_built_into_the_last_push_s_nodes) {
  auto* reader = redactor::redis::make_reply_reader();
  const reply* first_node = nullptr;
  {
    // Four elements, a 40-byte second one.
    auto r = lend(reader, "*4\r\n$7\r\nmessage\r\n$40\r\n"
                          "a-channel-name-of-forty-bytes-0123456789\r\n"
                          "$5\r\nhello\r\n$1\r\nx\r\n");
    first_node = r.get();
  }
  // Had the tree been freed instead, a block of its size taken now would
  // be its node, and the next push would get another.
  auto hold_node = std::make_unique<reply>();
  // Three elements, a 20-byte channel: built into the last tree, the
  // vector and the channel keep the room they had.
  auto r = lend(reader, "*3\r\n$7\r\nmessage\r\n$20\r\n"
                        "a-long-channel-name1\r\n$5\r\nhello\r\n");
  EXPECT_EQ(r.get(), first_node);
  EXPECT_GE(r->elements.capacity(), 4u);
  ASSERT_EQ(r->elements.size(), 3u);
  EXPECT_GE(r->elements[1].str.capacity(), 40u);
  EXPECT_EQ(r->elements[1].str, "a-long-channel-name1");
  EXPECT_EQ(r->elements[2].str, "hello");
  r.reset();
  redisReaderFree(reader);
}

TEST(reply, a_push_with_a_large_payload_is_not_kept) {
  auto* reader = redactor::redis::make_reply_reader();
  const std::string big(100 * 1024, 'x');
  const reply* big_node = nullptr;
  {
    auto r =
        lend(reader, "*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$" +
                         std::to_string(big.size()) + "\r\n" + big + "\r\n");
    big_node = r.get();
  }
  auto hold_node = std::make_unique<reply>();
  auto r = lend(reader, "*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\ny\r\n");
  EXPECT_NE(r.get(), big_node);
  EXPECT_LT(r->elements[2].str.capacity(), big.size());
  r.reset();
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
