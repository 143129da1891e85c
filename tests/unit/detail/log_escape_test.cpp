// SPDX-License-Identifier: MIT
#include "detail/log_escape.hpp"

#include <gtest/gtest.h>

using redactor::detail::escape_for_log;

TEST(escape_for_log, printable_text_is_unchanged) {
  EXPECT_EQ(escape_for_log("list jobs: dropped request 42"),
            "list jobs: dropped request 42");
  EXPECT_EQ(escape_for_log("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  EXPECT_EQ(escape_for_log(""), "");
}

TEST(escape_for_log, no_line_break_or_terminal_control_gets_through) {
  EXPECT_EQ(escape_for_log("a\nredactor error: forged\r\tb"),
            "a\\nredactor error: forged\\r\\tb");
  EXPECT_EQ(escape_for_log("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(escape_for_log(std::string_view{"a\0b\x7f", 4}), "a\\x00b\\x7f");
  // U+009B, the one-byte CSI of 8-bit terminals, in UTF-8.
  EXPECT_EQ(escape_for_log("\xC2\x9B"
                           "31m"),
            "\\xc2\\x9b31m");
  EXPECT_EQ(escape_for_log("\xC2\xA0"), "\xC2\xA0"); // U+00A0 is text
}

TEST(escape_for_log, bytes_that_are_not_utf8_are_escaped) {
  EXPECT_EQ(escape_for_log("\xFF\xC3"), "\\xff\\xc3");
  EXPECT_EQ(escape_for_log("\xED\xA0\x80"), "\\xed\\xa0\\x80"); // surrogate
}
