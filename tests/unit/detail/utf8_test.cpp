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
