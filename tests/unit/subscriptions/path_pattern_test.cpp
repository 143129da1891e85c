// SPDX-License-Identifier: MIT
#include "subscriptions/path_pattern.hpp"

#include <gtest/gtest.h>

using namespace redactor;
using redactor::subscriptions::path_pattern;

TEST(path_pattern, turns_params_into_a_glob) {
  EXPECT_EQ(path_pattern{"orders.{region}.{id}"}.glob(), "orders.*.*");
  EXPECT_EQ(path_pattern{"plain"}.glob(), "plain");
  EXPECT_EQ(path_pattern{"a.*.{x}"}.glob(), "a.*.*");
  // Braces that name nothing stay literal.
  EXPECT_EQ(path_pattern{"odd{}.{"}.glob(), "odd{}.{");
  EXPECT_FALSE(path_pattern{"odd{}.{"}.has_params());
}

TEST(path_pattern, extracts_params_by_name) {
  path_pattern p{"orders.{region}.{id}"};
  EXPECT_EQ(p.match("orders.eu.42"),
            (header_list{{"region", "eu"}, {"id", "42"}}));
  EXPECT_EQ(p.match("orders.eu.42.7"),
            (header_list{{"region", "eu"}, {"id", "42.7"}}));
  EXPECT_EQ(p.match("orders..42"), std::nullopt);
  EXPECT_EQ(p.match("invoices.eu.42"), std::nullopt);
  EXPECT_EQ(p.match("orders.eu"), std::nullopt);
}

TEST(path_pattern, a_trailing_literal_must_end_the_channel) {
  path_pattern p{"user.{id}.events"};
  EXPECT_EQ(p.match("user.7.events"), (header_list{{"id", "7"}}));
  EXPECT_EQ(p.match("user.7.eventsX"), std::nullopt);
}
