// SPDX-License-Identifier: MIT
#include "redactor/codec/payload.hpp"

#include <gtest/gtest.h>

#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/wire_headers.hpp"

using namespace redactor;

TEST(payload, binary_frame_fields) {
  auto frame = binary_format_v1::encode(
      wire_headers::build("cid", "text/plain", "inbox", {{"message_id", "m"}}),
      "hi");
  auto p = decode_payload(frame.value());
  EXPECT_EQ(p.format, payload_format::binary_v1);
  EXPECT_EQ(p.body, "hi");
  EXPECT_EQ(p.correlation_id, "cid");
  EXPECT_EQ(p.message_id, "m");
  EXPECT_EQ(p.reply_to, "inbox");
  EXPECT_EQ(p.content_type, "text/plain");
  EXPECT_FALSE(p.frame_error);
}

TEST(payload, legacy_json_envelope) {
  auto p = decode_payload(
      R"({"data": "hi", "headers": {"correlation_id": "c", "reply_to": "r", "n": 1, "z": null}})");
  EXPECT_EQ(p.format, payload_format::json_envelope);
  EXPECT_EQ(p.body, "hi");
  EXPECT_EQ(p.correlation_id, "c");
  EXPECT_EQ(p.reply_to, "r");
  EXPECT_EQ(
      p.headers,
      (header_list{
          {"correlation_id", "c"}, {"reply_to", "r"}, {"n", "1"}, {"z", ""}}));
}

TEST(payload, object_with_string_data_is_unwrapped_like_faststream) {
  auto p = decode_payload(R"({"data":"hi","other":1})");
  EXPECT_EQ(p.format, payload_format::json_envelope);
  EXPECT_EQ(p.body, "hi");
  EXPECT_TRUE(p.headers.empty());
}

TEST(payload, other_json_and_bytes_stay_raw) {
  for (std::string_view raw :
       {R"({"id":1})", R"({"data": 5})", "[1,2]", "plain bytes", "",
        R"({"data": "unterminated)"}) {
    auto p = decode_payload(raw);
    EXPECT_EQ(p.format, payload_format::raw) << raw;
    EXPECT_EQ(p.body, raw);
    EXPECT_TRUE(p.headers.empty());
  }
}

TEST(payload, missing_ids_fall_back_to_one_generated_id) {
  auto p = decode_payload("plain");
  EXPECT_EQ(p.correlation_id.size(), 36u);
  EXPECT_EQ(p.correlation_id, p.message_id);
  auto q = decode_payload("plain");
  EXPECT_NE(p.correlation_id, q.correlation_id);
}

TEST(payload, broken_frame_is_raw_and_says_why) {
  auto frame = binary_format_v1::encode({{"k", "v"}}, "body").value();
  auto cut = frame.substr(0, 25);
  auto p = decode_payload(cut);
  EXPECT_EQ(p.format, payload_format::raw);
  EXPECT_EQ(p.body, cut);
  ASSERT_TRUE(p.frame_error);
  EXPECT_EQ(p.frame_error->code, errc::bad_offset);
}

TEST(payload, version_two_frame_is_raw_without_frame_error) {
  auto frame = binary_format_v1::encode({}, "x").value();
  frame[9] = 2;
  auto p = decode_payload(frame);
  EXPECT_EQ(p.format, payload_format::raw);
  EXPECT_FALSE(p.frame_error);
}

TEST(payload, deep_json_is_raw_not_a_crash) {
  std::string deep = R"({"data":"x","h":)" + std::string(10000, '[') +
                     std::string(10000, ']') + "}";
  auto p = decode_payload(deep);
  EXPECT_EQ(p.format, payload_format::raw);
}

TEST(payload, invalid_utf8_json_is_raw) {
  auto p = decode_payload("{\"data\": \"\xff\"}");
  EXPECT_EQ(p.format, payload_format::raw);
}
