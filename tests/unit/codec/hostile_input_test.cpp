// SPDX-License-Identifier: MIT
// Every decoder against every kind of hostile input named in the foundation
// issue: each returns an error value (or, for payload detection, falls back
// to raw bytes) without crashing, reading out of bounds or allocating by an
// untrusted length. ASan and UBSan run this in the sanitizer build.
#include <gtest/gtest.h>

#include "support/raw_frame.hpp"

#include "codec/jsonrpc.hpp"
#include "codec/redisrpc.hpp"
#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/payload.hpp"

using namespace redactor;
using redactor::test::raw_frame;

namespace {

struct hostile {
  const char* name;
  std::string bytes;
};

std::vector<hostile> hostile_inputs() {
  std::string deep_array = std::string(10000, '[') + std::string(10000, ']');
  std::string deep_object;
  for (int i = 0; i < 10000; ++i)
    deep_object += R"({"function_call":)";
  return {
      {"truncated frame", raw_frame(18, 40, std::string{"\x00\x02\x00", 3})},
      {"length past the end", raw_frame(18, 25,
                                        std::string{"\x00\x01\xff\xff"
                                                    "abc",
                                                    7})},
      {"data_start inside the header block",
       raw_frame(18, 21, std::string{"\x00\x01\x00\x01k\x00\x01v", 8})},
      {"invalid UTF-8 header",
       raw_frame(18, 26, std::string{"\x00\x01\x00\x01k\x00\x01\xff", 8})},
      {"invalid UTF-8 JSON", "{\"data\":\"\xc3\x28\",\"function_call\":1}"},
      {"10,000-deep array", deep_array},
      {"10,000-deep objects", deep_object},
      {"length claiming 4 GiB",
       raw_frame(18, 0xFFFFFFFFu, std::string{"\xff\xff\xff\xff", 4})},
      {"header count 65535, nothing behind", raw_frame(18, 20, "\xff\xff")},
      {"empty", ""},
      {"NUL bytes", std::string(64, '\0')},
  };
}

} // namespace

TEST(hostile_input, binary_frame_decoder_returns_errors) {
  for (const auto& h : hostile_inputs()) {
    auto r = binary_format_v1::decode(h.bytes);
    ASSERT_FALSE(r) << h.name;
    EXPECT_FALSE(r.error().message().empty()) << h.name;
  }
}

TEST(hostile_input, payload_detection_falls_back_to_raw) {
  for (const auto& h : hostile_inputs()) {
    auto p = decode_payload(h.bytes);
    EXPECT_EQ(p.format, payload_format::raw) << h.name;
    EXPECT_EQ(p.body, h.bytes) << h.name;
    EXPECT_TRUE(p.headers.empty()) << h.name;
  }
}

TEST(hostile_input, redisrpc_decoders_return_errors) {
  for (const auto& h : hostile_inputs()) {
    auto req = redisrpc::decode_request(h.bytes);
    ASSERT_FALSE(req.fn) << h.name;
    EXPECT_FALSE(req.fn.error().detail.empty()) << h.name;
    EXPECT_FALSE(redisrpc::decode_response(h.bytes)) << h.name;
  }
}

TEST(hostile_input, jsonrpc_decoders_return_error_responses) {
  for (const auto& h : hostile_inputs()) {
    auto in = jsonrpc::decode_requests(h.bytes);
    ASSERT_EQ(in.entries.size(), 1u) << h.name;
    auto& r = std::get<jsonrpc::response>(in.entries[0]);
    auto code = std::get<jsonrpc::error_object>(r.outcome).code;
    EXPECT_TRUE(code == -32700 || code == -32600) << h.name << ": " << code;
    EXPECT_FALSE(jsonrpc::decode_responses(h.bytes)) << h.name;
  }
}
