// SPDX-License-Identifier: MIT
#include "redactor/codec/binary_format.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "support/raw_frame.hpp"

#include "redactor/codec/wire_headers.hpp"

using namespace redactor;
using redactor::test::raw_frame;
namespace bf = redactor::binary_format_v1;

namespace {

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(
        std::stoi(std::string{hex.substr(i, 2)}, nullptr, 16)));
  return out;
}

struct vector_line {
  std::string name;
  std::string frame;
};

std::vector<vector_line> load_vectors() {
  std::ifstream in{REDACTOR_TEST_DATA_DIR "/faststream-binary-v1.txt"};
  std::vector<vector_line> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#')
      continue;
    auto tab1 = line.find('\t');
    auto tab2 = line.find('\t', tab1 + 1);
    out.push_back({line.substr(0, tab1), from_hex(line.substr(tab2 + 1))});
  }
  return out;
}

struct expectation {
  header_list headers;
  std::string body;
};

// What each captured frame says, read off the vector descriptions.
const std::map<std::string, expectation>& expected_fields() {
  static const std::map<std::string, expectation> table{
      {"publish_channel_text_reply_to_user_header",
       {{{"correlation_id", "cid-1"},
         {"content-type", "text/plain"},
         {"reply_to", "reply-here"},
         {"x-h", "v"}},
        "hi"}},
      {"rpush_list_json_body",
       {{{"correlation_id", "cid-2"}, {"content-type", "application/json"}},
        R"({"n": 1})"}},
      // The description says "raw"; the frame's own data_start puts two more
      // bytes in the body, and FastStream's parser reads exactly this.
      {"xadd_stream_bytes_body",
       {{{"correlation_id", "cid-3"}}, std::string{"\x00\x01raw", 5}}},
      {"publish_batch_item0",
       {{{"correlation_id", "cid-4"}, {"content-type", "application/json"}},
        "1"}},
      {"publish_batch_item1",
       {{{"correlation_id", "cid-4"}, {"content-type", "text/plain"}}, "two"}},
      {"request_channel_text",
       {{{"correlation_id", "req-1"},
         {"content-type", "text/plain"},
         {"reply_to", "bYLBJtZ0jKGHND6sco57PP"}},
        "ping"}},
      {"reply_channel_text",
       {{{"correlation_id", "req-1"}, {"content-type", "text/plain"}},
        "pong:ping"}},
      {"request_list_json",
       {{{"correlation_id", "req-2"},
         {"content-type", "application/json"},
         {"reply_to", "MRrIrQsnP2S0HaxOflShuu"}},
        R"({"n": 2})"}},
      {"reply_list_json",
       {{{"correlation_id", "req-2"}, {"content-type", "application/json"}},
        R"({"got": {"n": 2}})"}},
      {"request_stream_json",
       {{{"correlation_id", "req-3"},
         {"content-type", "application/json"},
         {"reply_to", "tNtOIEE4K6my5NV9ymBixi"}},
        R"({"n": 3})"}},
      {"reply_stream_response_headers",
       {{{"correlation_id", "req-3"},
         {"content-type", "application/json"},
         {"x-r", "1"}},
        R"({"got": {"n": 3}})"}},
      {"worked_example_88_bytes",
       {{{"correlation_id", "c1"},
         {"content-type", "text/plain"},
         {"reply_to", "r1"},
         {"x", "y"}},
        "hi"}},
  };
  return table;
}

} // namespace

TEST(binary_format, every_captured_vector_decodes_to_its_fields) {
  auto vectors = load_vectors();
  ASSERT_EQ(vectors.size(), expected_fields().size());
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.name);
    auto want = expected_fields().find(v.name);
    ASSERT_NE(want, expected_fields().end());
    auto frame = bf::decode(v.frame);
    ASSERT_TRUE(frame) << frame.error().message();
    EXPECT_EQ(frame->headers, want->second.headers);
    EXPECT_EQ(frame->body, want->second.body);
  }
}

TEST(binary_format, every_captured_vector_reencodes_byte_for_byte) {
  for (const auto& v : load_vectors()) {
    SCOPED_TRACE(v.name);
    auto frame = bf::decode(v.frame);
    ASSERT_TRUE(frame);
    auto bytes = bf::encode(frame->headers, frame->body);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(*bytes, v.frame);
  }
}

TEST(binary_format, worked_example_from_message_fields) {
  auto headers = wire_headers::build("c1", "text/plain", "r1", {{"x", "y"}});
  auto bytes = bf::encode(headers, "hi");
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->size(), 88u);
  EXPECT_EQ(*bytes, from_hex("8942494e0d0a1a0a000100000012000000560004000e636f"
                             "7272656c6174696f6e5f696400026331000c636f6e74656e"
                             "742d74797065000a746578742f706c61696e00087265706c"
                             "795f746f000272310001780001796869"));
}

TEST(binary_format, header_lengths_count_utf8_bytes) {
  header_list headers{{"correlation_id", "c"}, {"name", "\xc3\xa9t\xc3\xa9"}};
  auto bytes = bf::encode(headers, "b");
  ASSERT_TRUE(bytes);
  auto pos = bytes->find("name");
  ASSERT_NE(pos, std::string::npos);
  EXPECT_EQ((*bytes)[pos + 4], '\x00');
  EXPECT_EQ((*bytes)[pos + 5], '\x05'); // 5 bytes, 3 characters
  auto back = bf::decode(*bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->headers, headers);
}

TEST(binary_format, repairs_faststream_character_counted_lengths) {
  // FastStream writes len(str): "é" gets length 1 but takes 2 bytes.
  std::string block{"\x00\x01\x00\x01k\x00\x01\xc3\xa9", 9};
  auto frame = raw_frame(18, 18 + 9, block + "body");
  auto decoded = bf::decode(frame);
  ASSERT_TRUE(decoded) << decoded.error().message();
  EXPECT_EQ(decoded->headers, (header_list{{"k", "\xc3\xa9"}}));
  EXPECT_EQ(decoded->body, "body");
}

TEST(binary_format, empty_frame_fields) {
  auto bytes = bf::encode({}, "");
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->size(), 20u);
  auto back = bf::decode(*bytes);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->headers.empty());
  EXPECT_TRUE(back->body.empty());
}

TEST(binary_format, is_frame_needs_magic_and_version_one) {
  auto good = bf::encode({}, "x").value();
  EXPECT_TRUE(bf::is_frame(good));
  auto v2 = good;
  v2[9] = 2;
  EXPECT_FALSE(bf::is_frame(v2));
  EXPECT_FALSE(bf::is_frame(good.substr(0, 9)));
  EXPECT_FALSE(bf::is_frame("plain bytes"));
}

TEST(binary_format, refuses_oversized_headers_on_encode) {
  std::string big(70000, 'a');
  auto r = bf::encode({{"k", big}}, "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::unencodable);
  auto r2 = bf::encode({{big, "v"}}, "");
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, errc::unencodable);
  header_list many(70000, header{"k", "v"});
  auto r3 = bf::encode(many, "");
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().code, errc::unencodable);
}

// -- bad input ----------------------------------------------------------------

TEST(binary_format, every_truncation_of_a_frame_is_an_error_or_a_frame) {
  auto full = load_vectors().front().frame;
  for (std::size_t n = 0; n < full.size(); ++n) {
    auto r = bf::decode(std::string_view{full}.substr(0, n));
    // data_start is 0x63: shorter prefixes must be clean errors, longer
    // ones are valid frames with a shorter body.
    EXPECT_EQ(r.has_value(), n >= 0x63) << "prefix of " << n << " bytes";
  }
}

TEST(binary_format, rejects_missing_magic_and_wrong_version) {
  EXPECT_EQ(bf::decode("").error().code, errc::protocol_violation);
  EXPECT_EQ(bf::decode("\x89"
                       "BIN")
                .error()
                .code,
            errc::protocol_violation);
  auto v7 = raw_frame(18, 20, std::string{"\x00\x00", 2});
  v7[9] = 7;
  EXPECT_EQ(bf::decode(v7).error().code, errc::unsupported_version);
  EXPECT_EQ(bf::decode(std::string{bf::magic} + "\x00").error().code,
            errc::truncated);
}

TEST(binary_format, rejects_lengths_past_the_end) {
  // One header whose name claims 65535 bytes.
  auto frame = raw_frame(18, 25,
                         std::string{"\x00\x01\xff\xff"
                                     "abc",
                                     7});
  auto r = bf::decode(frame);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::truncated);
  // A header count of 65535 with nothing behind it.
  auto many = raw_frame(18, 20, std::string{"\xff\xff", 2});
  EXPECT_FALSE(bf::decode(many));
}

TEST(binary_format, rejects_offsets_claiming_4_gib) {
  auto r = bf::decode(raw_frame(18, 0xFFFFFFFFu, std::string{"\x00\x00", 2}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::bad_offset);
  auto r2 = bf::decode(raw_frame(0xFFFFFFF0u, 20, std::string{"\x00\x00", 2}));
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, errc::bad_offset);
}

TEST(binary_format, rejects_headers_start_inside_the_fixed_part) {
  auto r = bf::decode(raw_frame(4, 20, std::string{"\x00\x00", 2}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::bad_offset);
}

TEST(binary_format, rejects_data_start_inside_the_header_block) {
  std::string block{"\x00\x01\x00\x01k\x00\x01v", 8};
  auto r = bf::decode(raw_frame(18, 22, block + "body"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::bad_offset);
  EXPECT_NE(r.error().detail.find("inside the header block"),
            std::string::npos);
}

TEST(binary_format, accepts_a_gap_before_data_start_like_faststream) {
  std::string block{"\x00\x00", 2};
  auto r = bf::decode(raw_frame(18, 23, block + "xyzbody"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "body");
}

TEST(binary_format, rejects_invalid_utf8_in_headers) {
  std::string block{"\x00\x01\x00\x01k\x00\x01\xff", 8};
  auto r = bf::decode(raw_frame(18, 26, block + "b"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::invalid_utf8);
}

TEST(binary_format, error_messages_say_where) {
  auto r = bf::decode(raw_frame(18, 0xFFFFFFFFu, std::string{"\x00\x00", 2}));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("data_start 4294967295"),
            std::string::npos);
  EXPECT_THROW(r.value(), redactor::error);
}
