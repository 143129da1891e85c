// SPDX-License-Identifier: MIT
// PSUBSCRIBE's glob, as the test broker matches channels with it.
#include "subscriptions/glob.hpp"

#include <string>

#include <gtest/gtest.h>

using redactor::subscriptions::glob_match;

namespace {

TEST(glob, literals_and_wildcards) {
  EXPECT_TRUE(glob_match("news", "news"));
  EXPECT_FALSE(glob_match("news", "newsy"));
  EXPECT_FALSE(glob_match("news", "new"));
  EXPECT_TRUE(glob_match("orders.*", "orders."));
  EXPECT_TRUE(glob_match("orders.*", "orders.eu.42"));
  EXPECT_FALSE(glob_match("orders.*", "order"));
  EXPECT_TRUE(glob_match("*.*.done", "a.b.c.done"));
  EXPECT_FALSE(glob_match("*.*.done", "a.done"));
  EXPECT_TRUE(glob_match("h?llo", "hello"));
  EXPECT_FALSE(glob_match("h?llo", "hllo"));
  EXPECT_TRUE(glob_match("**", ""));
  EXPECT_TRUE(glob_match("Case", "Case"));
  EXPECT_FALSE(glob_match("case", "Case"));
}

TEST(glob, classes_and_quoting) {
  EXPECT_TRUE(glob_match("h[ae]llo", "hallo"));
  EXPECT_FALSE(glob_match("h[ae]llo", "hillo"));
  EXPECT_TRUE(glob_match("h[^e]llo", "hallo"));
  EXPECT_FALSE(glob_match("h[^e]llo", "hello"));
  EXPECT_TRUE(glob_match("v[0-9]", "v7"));
  EXPECT_TRUE(glob_match("v[9-0]", "v7")); // reversed range, as Redis
  EXPECT_FALSE(glob_match("v[0-9]", "vx"));
  EXPECT_TRUE(glob_match("a[\\]]b", "a]b"));
  EXPECT_TRUE(glob_match("a\\*b", "a*b"));
  EXPECT_FALSE(glob_match("a\\*b", "axb"));
  EXPECT_TRUE(glob_match("a[bc", "ab")); // unclosed: runs to the end
}

TEST(glob, stars_do_not_blow_up) {
  std::string text(10000, 'a');
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", text));
  EXPECT_TRUE(glob_match("*a*a*a*a*a*a*a*a*", text));
}

} // namespace
