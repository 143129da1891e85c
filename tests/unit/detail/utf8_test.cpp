// SPDX-License-Identifier: MIT
#include "detail/utf8.hpp"

#include <gtest/gtest.h>

using namespace redactor::detail;

TEST(utf8, validates_strictly) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));             // truncated
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));         // overlong
  EXPECT_FALSE(is_valid_utf8("\xe0\x80\xaf"));     // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));     // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80")); // above U+10FFFF
}

TEST(utf8, prefix_bytes_counts_code_points) {
  EXPECT_EQ(utf8_prefix_bytes("\xc3\xa9x", 1), 2u);
  EXPECT_EQ(utf8_prefix_bytes("\xc3\xa9x", 2), 3u);
  EXPECT_EQ(utf8_prefix_bytes("ab", 0), 0u);
  EXPECT_FALSE(utf8_prefix_bytes("ab", 3));
  EXPECT_FALSE(utf8_prefix_bytes("\xff", 1));
}

TEST(utf8, finds_a_bad_byte_wherever_it_falls_among_ascii_words) {
  // ASCII is skipped 8 bytes at a time: every offset, sequences across a
  // word's end, and a truncated sequence at the very end.
  const std::string ascii(40, 'a');
  for (std::size_t at = 0; at <= ascii.size(); ++at) {
    auto with = [&](std::string_view bytes) {
      return ascii.substr(0, at) + std::string{bytes} + ascii.substr(at);
    };
    EXPECT_TRUE(is_valid_utf8(with("\xe2\x82\xac"))) << at;
    EXPECT_TRUE(is_valid_utf8(with("\xf0\x9f\x98\x80"))) << at;
    EXPECT_FALSE(is_valid_utf8(with("\xff"))) << at;
    EXPECT_FALSE(is_valid_utf8(with("\xed\xa0\x80"))) << at;
    EXPECT_FALSE(is_valid_utf8(ascii.substr(0, at) + "\xe2\x82")) << at;
  }
}
