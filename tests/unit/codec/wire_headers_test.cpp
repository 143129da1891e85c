// SPDX-License-Identifier: MIT
#include "redactor/codec/wire_headers.hpp"

#include <gtest/gtest.h>

using namespace redactor;

TEST(wire_headers, faststream_order_and_omissions) {
  EXPECT_EQ(wire_headers::build("c", "", "", {}),
            (header_list{{"correlation_id", "c"}}));
  EXPECT_EQ(wire_headers::build("", "text/plain", "r", {{"a", "1"}}),
            (header_list{{"correlation_id", ""},
                         {"content-type", "text/plain"},
                         {"reply_to", "r"},
                         {"a", "1"}}));
}

TEST(wire_headers, user_headers_update_in_place_like_a_dict) {
  auto h = wire_headers::build("c", "", "r",
                               {{"x", "1"}, {"correlation_id", "user"}});
  EXPECT_EQ(h, (header_list{
                   {"correlation_id", "user"}, {"reply_to", "r"}, {"x", "1"}}));
}

TEST(header_list, find_and_set) {
  header_list h{{"a", "1"}};
  set_header(h, "b", "2");
  set_header(h, "a", "3");
  EXPECT_EQ(h, (header_list{{"a", "3"}, {"b", "2"}}));
  ASSERT_NE(find_header(h, "b"), nullptr);
  EXPECT_EQ(*find_header(h, "b"), "2");
  EXPECT_EQ(find_header(h, "c"), nullptr);
}
