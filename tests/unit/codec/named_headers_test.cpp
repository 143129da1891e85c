// SPDX-License-Identifier: MIT
#include "codec/named_headers.hpp"

#include <gtest/gtest.h>

#include "codec/frame_layout.hpp"
#include "redactor/codec/binary_format.hpp"

using namespace redactor;

TEST(named_headers, the_first_of_each_name_wins) {
  header_list headers{{"x", "1"},
                      {"correlation_id", "c1"},
                      {"reply_to", "r"},
                      {"correlation_id", "c2"},
                      {"content-type", "text/plain"},
                      {"message_id", "m"},
                      {"tracestate", "s"},
                      {"traceparent", "p"},
                      {"x-redactor-deadline", "1"},
                      {"x-redactor-error", "handler"}};
  auto at = locate_named_headers(headers);
  EXPECT_EQ(at[named_headers::correlation_id].index, 1u);
  EXPECT_EQ(at[named_headers::reply_to].index, 2u);
  EXPECT_EQ(at[named_headers::content_type].index, 4u);
  EXPECT_EQ(at[named_headers::message_id].index, 5u);
  EXPECT_EQ(at[named_headers::tracestate].index, 6u);
  EXPECT_EQ(at[named_headers::traceparent].index, 7u);
  EXPECT_EQ(at[named_headers::deadline].index, 8u);
  EXPECT_EQ(at[named_headers::error].index, 9u);
  EXPECT_FALSE(at.needs_generated_id());
}

TEST(named_headers, a_missing_id_asks_for_one) {
  auto only_message_id = locate_named_headers({{"message_id", "m"}});
  EXPECT_FALSE(only_message_id[named_headers::correlation_id].found());
  EXPECT_EQ(only_message_id[named_headers::message_id].index, 0u);
  EXPECT_TRUE(only_message_id.needs_generated_id());

  auto none = locate_named_headers({});
  EXPECT_FALSE(none[named_headers::reply_to].found());
  EXPECT_FALSE(none[named_headers::content_type].found());
  EXPECT_TRUE(none.needs_generated_id());
}

TEST(named_headers, names_alike_in_length_are_told_apart) {
  EXPECT_EQ(named_header_of("message_id"), named_headers::message_id);
  EXPECT_EQ(named_header_of("tracestate"), named_headers::tracestate);
  EXPECT_EQ(named_header_of("message_iD"), named_headers::count);
  EXPECT_EQ(named_header_of("reply_tO"), named_headers::count);
  EXPECT_EQ(named_header_of(""), named_headers::count);
}

// The pass that checks a frame notes where each named value is.
TEST(named_headers, a_checked_frame_says_where_its_values_are) {
  auto frame = binary_format_v1::encode(
      {{"x", "1"}, {"reply_to", "r\u00e9"}, {"reply_to", "no"}}, "body");
  ASSERT_TRUE(frame);
  named_headers at;
  ASSERT_TRUE(binary_format_v1::read_layout(*frame, at));
  const auto& reply_to = at[named_headers::reply_to];
  EXPECT_EQ(reply_to.index, 1u);
  EXPECT_EQ(frame->substr(reply_to.offset, reply_to.size), "r\u00e9");
  EXPECT_FALSE(at[named_headers::correlation_id].found());
}

// A first reading that fails leaves nothing of itself behind.
TEST(named_headers, lengths_in_characters_are_noted_from_their_reading) {
  // FastStream 0.7.4 writes the value's length in characters: 2, not 4
  // (the field ends after the 18-byte fixed part, the header count and
  // the name). Read in bytes, the value is a valid "\u00e9" and the next
  // header's length runs past the end.
  auto frame =
      binary_format_v1::encode({{"reply_to", "\u00e9\u00e9"}, {"y", "z"}}, "b")
          .value();
  ASSERT_EQ(frame[31], 4);
  frame[31] = 2;
  named_headers at;
  auto layout = binary_format_v1::read_layout(frame, at);
  ASSERT_TRUE(layout);
  EXPECT_TRUE(layout->lengths_in_characters);
  const auto& reply_to = at[named_headers::reply_to];
  EXPECT_EQ(reply_to.index, 0u);
  EXPECT_EQ(frame.substr(reply_to.offset, reply_to.size), "\u00e9\u00e9");
}
