// SPDX-License-Identifier: MIT
// The pending-request table on its own, with its clock given: how each
// request ends, what is counted, and which reply channels are let go.
#include "requests/pending_requests.hpp"

#include <gtest/gtest.h>

#include "processing/message_access.hpp"
#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/wire_headers.hpp"

using namespace redactor;
using namespace std::chrono_literals;
using requests::pending_requests;

namespace {

using clock_type = pending_requests::clock;

message reply(std::string body, header_list headers = {}) {
  auto frame = binary_format_v1::encode(headers, body);
  return processing::decode_message({*frame, {}, "inbox.1"},
                                    {source_kind::channel, "inbox"});
}

/// A table whose released channels and outcomes the test can see.
struct table_test : ::testing::Test {
  std::shared_ptr<requests::request_stats> stats =
      std::make_shared<requests::request_stats>();
  std::vector<pending_requests::channel_id> released;
  pending_requests table{stats, [this](pending_requests::channel_id channel) {
                           released.push_back(channel);
                         }};
  std::vector<result<message>> outcomes;

  /// Adds a request with a reserved slot, sent at once.
  void add(pending_requests::channel_id channel,
           std::chrono::milliseconds timeout) {
    ASSERT_TRUE(stats->reserve(100));
    auto refused = table.add(
        channel, "cid-" + std::to_string(channel), clock_type::now() + timeout,
        [this](result<message> r) { outcomes.push_back(std::move(r)); },
        nullptr);
    ASSERT_FALSE(refused);
  }
};

} // namespace

TEST_F(table_test, a_reply_ends_its_request_and_a_second_one_is_late) {
  add(1, 1s);
  std::uint64_t replied_seen = 0;
  auto done = table.reply(1, reply("4"));
  ASSERT_TRUE(done);
  // Counted before the requester hears.
  done->callback = [&, cb = std::move(done->callback)](result<message> r) {
    replied_seen = stats->replied.load();
    cb(std::move(r));
  };
  (*done)();
  EXPECT_EQ(replied_seen, 1u);
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_TRUE(outcomes[0]);
  EXPECT_EQ(outcomes[0]->body(), "4");
  EXPECT_EQ(released, (std::vector<pending_requests::channel_id>{1}));
  EXPECT_FALSE(table.reply(1, reply("again")));
  auto counts = stats->snapshot();
  EXPECT_EQ(counts.pending, 0u);
  EXPECT_EQ(counts.late_replies, 1u);
  EXPECT_TRUE(table.idle());
}

TEST_F(table_test, a_reply_carrying_the_error_header_is_a_remote_error) {
  add(1, 1s);
  requests::complete(table.reply(
      1, reply("division by zero", {{std::string{wire_headers::error}, "1"}})));
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_FALSE(outcomes[0]);
  EXPECT_EQ(outcomes[0].error().code, make_error_code(errc::remote_error));
  EXPECT_EQ(outcomes[0].error().detail, "division by zero");
  EXPECT_EQ(stats->replied.load(), 1u);
}

TEST_F(table_test, a_request_is_handed_out_to_be_sent_once) {
  ASSERT_TRUE(stats->reserve(100));
  int calls = 0;
  EXPECT_FALSE(table.add(
      7, "cid", clock_type::now() + 1s, [](result<message>) {},
      [&](const std::string&) { ++calls; }));
  EXPECT_TRUE(table.waiting_on(7));
  auto send = table.take_sender(7);
  ASSERT_TRUE(send);
  EXPECT_EQ(calls, 0) << "not sent by the table itself";
  send("inbox.7");
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(table.take_sender(7));
  EXPECT_FALSE(table.take_sender(8));
}

TEST_F(table_test, a_timed_out_request_keeps_its_channel_for_a_late_reply) {
  add(1, 100ms);
  auto start = clock_type::now();
  requests::complete(table.sweep(start));
  EXPECT_TRUE(outcomes.empty());
  requests::complete(table.sweep(start + 200ms));
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].error().code, make_error_code(errc::timeout));
  EXPECT_EQ(outcomes[0].error().detail, "no reply to request cid-1");
  EXPECT_EQ(stats->timed_out.load(), 1u);
  EXPECT_EQ(stats->pending.load(), 0u);
  // Still listened on: the late reply is recognised, then let go.
  EXPECT_TRUE(released.empty());
  EXPECT_FALSE(table.idle());
  EXPECT_FALSE(table.reply(1, reply("late")));
  EXPECT_EQ(stats->late_replies.load(), 1u);
  EXPECT_EQ(released, (std::vector<pending_requests::channel_id>{1}));
  EXPECT_TRUE(table.idle());
}

TEST_F(table_test, the_wait_for_a_late_reply_ends_after_at_least_a_second) {
  add(1, 10ms);
  auto start = clock_type::now();
  requests::complete(table.sweep(start + 20ms));
  ASSERT_EQ(outcomes.size(), 1u);
  requests::complete(table.sweep(start + 900ms));
  EXPECT_TRUE(released.empty());
  requests::complete(table.sweep(start + 1100ms));
  EXPECT_EQ(released, (std::vector<pending_requests::channel_id>{1}));
  EXPECT_TRUE(table.idle());
  // A channel let go may be used again.
  add(1, 1s);
}

TEST_F(table_test, a_request_never_sent_times_out_saying_why_and_lets_go) {
  ASSERT_TRUE(stats->reserve(100));
  EXPECT_FALSE(table.add(
      1, "cid", clock_type::now() + 10ms,
      [this](result<message> r) { outcomes.push_back(std::move(r)); },
      [](const std::string&) { FAIL() << "sent after its timeout"; }));
  requests::complete(table.sweep(clock_type::now() + 20ms));
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].error().detail,
            "no reply to request cid: its reply channel was never subscribed");
  EXPECT_EQ(released, (std::vector<pending_requests::channel_id>{1}));
  EXPECT_TRUE(table.idle());
  EXPECT_FALSE(table.take_sender(1));
}

TEST_F(table_test, a_taken_channel_is_refused_and_its_slot_given_back) {
  add(1, 1s);
  ASSERT_TRUE(stats->reserve(100));
  bool called = false;
  auto refused = table.add(
      1, "other", clock_type::now() + 1s,
      [&](result<message> r) {
        called = true;
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, make_error_code(errc::invalid_argument));
      },
      nullptr);
  ASSERT_TRUE(refused);
  (*refused)();
  EXPECT_TRUE(called);
  EXPECT_EQ(stats->pending.load(), 1u);
  // Channels are numbered from 1.
  ASSERT_TRUE(stats->reserve(100));
  EXPECT_TRUE(table.add(
      0, "zero", clock_type::now() + 1s, [](result<message>) {}, nullptr));
  EXPECT_EQ(stats->pending.load(), 1u);
  // Also while it waits for a late reply.
  requests::complete(table.sweep(clock_type::now() + 1500ms));
  ASSERT_TRUE(stats->reserve(100));
  EXPECT_TRUE(table.add(
      1, "third", clock_type::now() + 1s, [](result<message>) {}, nullptr));
  EXPECT_EQ(stats->pending.load(), 0u);
}

TEST_F(table_test, a_failed_send_and_a_stop_fail_without_waiting_for_more) {
  add(1, 1s);
  add(2, 1s);
  add(3, 1s);
  requests::complete(table.fail(2, make_error(errc::connection_lost, "gone")));
  EXPECT_FALSE(table.fail(2, make_error(errc::connection_lost, "")));
  requests::complete(
      table.fail_all(make_error(errc::connection_lost, "the broker stopped")));
  ASSERT_EQ(outcomes.size(), 3u);
  for (auto& r : outcomes)
    EXPECT_EQ(r.error().code, make_error_code(errc::connection_lost));
  EXPECT_EQ(outcomes[0].error().detail, "gone");
  std::sort(released.begin(), released.end());
  EXPECT_EQ(released, (std::vector<pending_requests::channel_id>{1, 2, 3}));
  auto counts = stats->snapshot();
  EXPECT_EQ(counts.pending, 0u);
  EXPECT_EQ(counts.replied + counts.timed_out + counts.late_replies, 0u);
  EXPECT_TRUE(table.idle());
}
