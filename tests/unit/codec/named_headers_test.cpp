// SPDX-License-Identifier: MIT
#include "codec/named_headers.hpp"

#include <gtest/gtest.h>

using namespace redactor;

TEST(named_headers, the_first_of_each_name_wins) {
  header_list headers{{"x", "1"},
                      {"correlation_id", "c1"},
                      {"reply_to", "r"},
                      {"correlation_id", "c2"},
                      {"content-type", "text/plain"},
                      {"message_id", "m"}};
  auto at = locate_named_headers(headers);
  EXPECT_EQ(at.correlation_id, 1u);
  EXPECT_EQ(at.reply_to, 2u);
  EXPECT_EQ(at.content_type, 4u);
  EXPECT_EQ(at.message_id, 5u);
  EXPECT_FALSE(at.needs_generated_id());
}

TEST(named_headers, a_missing_id_asks_for_one) {
  auto only_message_id = locate_named_headers({{"message_id", "m"}});
  EXPECT_EQ(only_message_id.correlation_id, named_headers::absent);
  EXPECT_EQ(only_message_id.message_id, 0u);
  EXPECT_TRUE(only_message_id.needs_generated_id());

  auto none = locate_named_headers({});
  EXPECT_EQ(none.reply_to, named_headers::absent);
  EXPECT_EQ(none.content_type, named_headers::absent);
  EXPECT_TRUE(none.needs_generated_id());
}
