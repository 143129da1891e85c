// SPDX-License-Identifier: MIT
// The publish path encodes from header views; its frames must be byte for
// byte those of the public header_list encoder, which the spec vectors pin.
#include "codec/binary_format_views.hpp"

#include <gtest/gtest.h>

#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/wire_headers.hpp"

using namespace redactor;

namespace {

void expect_same_frame(std::string_view cid, std::string_view content_type,
                       std::string_view reply_to, const header_list& user,
                       std::string_view body) {
  auto from_list = binary_format_v1::encode(
      wire_headers::build(cid, content_type, reply_to, user), body);
  auto from_views = binary_format_v1::encode_views(
      wire_headers::build_views(cid, content_type, reply_to, user), body);
  ASSERT_TRUE(from_list && from_views);
  EXPECT_EQ(*from_views, *from_list);
}

} // namespace

TEST(binary_format_views, encode_the_bytes_of_the_header_list) {
  expect_same_frame("c1", "", "", {}, "hello");
  expect_same_frame("", "text/plain", "inbox.7", {}, "");
  // User headers update in place, or come after the named ones.
  expect_same_frame("c2", "text/plain", "r",
                    {{"reply_to", "elsewhere"}, {"x", "1"}, {"x", "2"}},
                    "body");
}

TEST(binary_format_views, follow_faststream_order_and_dict_update) {
  // Views point into the user headers, which must outlive them.
  header_list user{{"reply_to", "elsewhere"}, {"x", "1"}, {"x", "2"}};
  auto views = wire_headers::build_views("c", "text/plain", "r", user);
  std::vector<std::pair<std::string_view, std::string_view>> seen;
  for (const auto& v : views)
    seen.emplace_back(v.name, v.value);
  EXPECT_EQ(seen, (std::vector<std::pair<std::string_view, std::string_view>>{
                      {"correlation_id", "c"},
                      {"content-type", "text/plain"},
                      {"reply_to", "elsewhere"},
                      {"x", "2"}}));
}

TEST(binary_format_views, more_headers_than_the_stack_holds) {
  header_list user;
  for (int i = 0; i < 20; ++i)
    user.push_back({"h" + std::to_string(i), std::string(i, 'v')});
  auto views = wire_headers::build_views("c", "", "", user);
  EXPECT_EQ(views.size(), 21u);
  expect_same_frame("c", "", "", user, "b");
}

TEST(binary_format_views, refuse_what_a_frame_cannot_hold) {
  std::string long_value(70000, 'v');
  auto r = binary_format_v1::encode_views(
      wire_headers::build_views("c", "", "", {{"big", long_value}}), "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::unencodable);
  EXPECT_NE(r.error().detail.find("'big'"), std::string::npos)
      << r.error().detail;
}
