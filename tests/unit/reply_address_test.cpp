// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "redactor/reply_address.hpp"

using namespace redactor;

namespace {

TEST(reply_address, a_scheme_names_the_destination_kind) {
  auto to = reply_destination("list://jobs:replies");
  EXPECT_EQ(to.type, destination::kind::list);
  EXPECT_EQ(to.name, "jobs:replies");
  to = reply_destination("stream://r");
  EXPECT_EQ(to.type, destination::kind::stream);
  EXPECT_EQ(to.name, "r");
  to = reply_destination("channel://list://x", destination::kind::list);
  EXPECT_EQ(to.type, destination::kind::channel);
  EXPECT_EQ(to.name, "list://x");
}

TEST(reply_address, a_plain_name_is_a_channel_unless_told_otherwise) {
  // FastStream's inboxes: 22 base62 characters.
  auto to = reply_destination("bYLBJtZ0jKGHND6sco57PP");
  EXPECT_EQ(to.type, destination::kind::channel);
  EXPECT_EQ(to.name, "bYLBJtZ0jKGHND6sco57PP");
  EXPECT_EQ(reply_destination("list:x").type, destination::kind::channel);
  EXPECT_EQ(reply_destination("r", destination::kind::stream).type,
            destination::kind::stream);
}

TEST(reply_address, formats_what_it_parses) {
  for (auto to : {destination::channel("c"), destination::list("l"),
                  destination::stream("s")}) {
    auto back = reply_destination(reply_address(to));
    EXPECT_EQ(back.type, to.type);
    EXPECT_EQ(back.name, to.name);
  }
  EXPECT_EQ(reply_address(destination::channel("c")), "c");
}

} // namespace
