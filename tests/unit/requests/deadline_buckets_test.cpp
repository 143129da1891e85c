// SPDX-License-Identifier: MIT
// The pending table's deadline buckets: each taken at its time and not
// before, by millisecond then in the order added, and nothing removed.
#include "requests/deadline_buckets.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using redactor::requests::deadline_buckets;

namespace {

using ids = std::vector<deadline_buckets::channel_id>;

/// A time on a millisecond boundary, to test the rounding against.
deadline_buckets::clock::time_point on_a_millisecond() {
  return std::chrono::ceil<std::chrono::milliseconds>(
      deadline_buckets::clock::now());
}

} // namespace

TEST(deadline_buckets, each_is_taken_at_its_time_not_before) {
  deadline_buckets due;
  auto t = on_a_millisecond();
  due.add(t + 10ms + 300us, 1);
  due.add(t + 10ms, 2);
  due.add(t + 10ms + 900us, 3);
  EXPECT_EQ(due.take_due(t + 9ms + 999us), ids{});
  EXPECT_EQ(due.take_due(t + 10ms), ids{2});
  EXPECT_EQ(due.take_due(t + 10ms + 299us), ids{});
  // Within the millisecond that 1 and 3 share.
  EXPECT_EQ(due.take_due(t + 10ms + 700us), ids{1});
  EXPECT_EQ(due.take_due(t + 10ms + 899us), ids{});
  EXPECT_FALSE(due.empty());
  EXPECT_EQ(due.take_due(t + 10ms + 900us), ids{3});
  EXPECT_TRUE(due.empty());
}

TEST(deadline_buckets, due_ones_come_by_millisecond_then_as_added) {
  deadline_buckets due;
  auto t = on_a_millisecond();
  due.add(t + 30ms, 3);
  due.add(t + 10ms, 1);
  due.add(t + 20ms, 2);
  due.add(t + 9ms + 500us, 4);
  due.add(t + 1h, 5);
  EXPECT_EQ(due.take_due(t + 30ms), (ids{1, 4, 2, 3}));
  EXPECT_FALSE(due.empty());
  EXPECT_EQ(due.take_due(t + 2h), ids{5});
}

TEST(deadline_buckets, a_removed_channel_is_not_taken_and_frees_its_bucket) {
  deadline_buckets due;
  auto t = on_a_millisecond();
  auto a = due.add(t + 10ms, 1);
  due.add(t + 10ms, 2);
  auto c = due.add(t + 20ms, 3);
  due.remove(a);
  EXPECT_EQ(due.take_due(t + 10ms), ids{2});
  due.remove(c);
  EXPECT_TRUE(due.empty());
  // The bucket last added to is gone: adding to its millisecond again
  // makes a new one.
  due.add(t + 20ms, 4);
  due.remove(due.add(t + 20ms, 5));
  EXPECT_EQ(due.take_due(t + 20ms), ids{4});
  EXPECT_TRUE(due.empty());
}

TEST(deadline_buckets, what_a_partial_take_leaves_can_still_be_removed) {
  deadline_buckets due;
  auto t = on_a_millisecond();
  due.add(t + 10ms + 300us, 1);
  auto second = due.add(t + 10ms + 900us, 2);
  EXPECT_EQ(due.take_due(t + 10ms + 500us), ids{1});
  due.remove(second);
  EXPECT_TRUE(due.empty());
  EXPECT_EQ(due.take_due(t + 11ms), ids{});
}
