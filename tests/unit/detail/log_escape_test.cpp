// SPDX-License-Identifier: MIT
#include "detail/log_escape.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

using namespace redactor;
using redactor::detail::escape_for_log;
using redactor::detail::escaping_log;

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

TEST(escaping_log, escapes_every_field_and_keeps_the_sinks_level) {
  std::vector<log_record> got;
  std::vector<std::string> kept; // the views' text, kept past the call
  log_sink user{[&](const log_record& r) {
                  for (auto field : {r.text, r.subscription, r.correlation_id,
                                     r.destination})
                    kept.emplace_back(field);
                  got.push_back(r);
                },
                log_level::warning};
  auto sink = escaping_log(user);
  EXPECT_EQ(sink.min_level(), log_level::warning);
  EXPECT_FALSE(sink.enabled(log_level::info));
  sink({log_level::info, "not shown", {}, {}, {}});
  sink({log_level::error, "a\nb", "list \x1bq", "c\n1", "d\x7f"});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(kept, (std::vector<std::string>{"a\\nb", "list \\x1bq", "c\\n1",
                                            "d\\x7f"}));
}

TEST(json_log, writes_one_object_per_record_without_empty_fields) {
  ::testing::internal::CaptureStderr();
  json_log(log_level::info)(
      {log_level::error, "list q: failed", "list q", "c-1", {}});
  json_log(log_level::info)({log_level::debug, "not shown", {}, {}, {}});
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            R"({"level":"error","text":"list q: failed","subscription":)"
            R"("list q","correlation_id":"c-1"})"
            "\n");
}
