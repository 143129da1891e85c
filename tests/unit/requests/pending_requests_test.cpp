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
  return processing::decode_message(
      {*frame, {}, "inbox.1"},
      processing::message_source::named(source_kind::channel, "inbox"));
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
    auto refused =
        table.add(channel, clock_type::now() + timeout,
                  requests::callback_job("cid-" + std::to_string(channel),
                                         [this](result<message> r) {
                                           outcomes.push_back(std::move(r));
                                         }));
    ASSERT_FALSE(refused);
    ASSERT_TRUE(table.take_unsent(channel));
  }
};

/// A request that counts how it was sent.
struct counted_job final : requests::request_job {
  std::string id = "cid";
  std::vector<std::string> sent_on;
  int finished = 0;

  const std::string& correlation_id() const noexcept override { return id; }
  void send(std::uint64_t, std::string reply_to) override {
    sent_on.push_back(std::move(reply_to));
  }
  void finish(result<message>) override { ++finished; }
};

} // namespace

TEST_F(table_test, a_reply_ends_its_request_and_a_second_one_is_late) {
  add(1, 1s);
  auto done = table.reply(1, reply("4"));
  ASSERT_TRUE(done);
  // Counted before the requester hears.
  EXPECT_EQ(stats->replied.load(), 1u);
  EXPECT_TRUE(outcomes.empty());
  (*done)();
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
  auto job = std::make_shared<counted_job>();
  EXPECT_FALSE(table.add(7, clock_type::now() + 1s, job));
  EXPECT_TRUE(table.waiting_on(7));
  EXPECT_EQ(table.take_unsent(7), job.get());
  EXPECT_TRUE(job->sent_on.empty()) << "not sent by the table itself";
  EXPECT_EQ(table.take_unsent(7), nullptr);
  EXPECT_EQ(table.take_unsent(8), nullptr);
  requests::complete(table.fail(7, make_error(errc::connection_lost, "")));
  EXPECT_EQ(job->finished, 1);
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
  EXPECT_FALSE(
      table.add(1, clock_type::now() + 10ms,
                requests::callback_job("cid", [this](result<message> r) {
                  outcomes.push_back(std::move(r));
                })));
  requests::complete(table.sweep(clock_type::now() + 20ms));
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].error().detail,
            "no reply to request cid: its reply channel was never subscribed");
  EXPECT_EQ(released, (std::vector<pending_requests::channel_id>{1}));
  EXPECT_TRUE(table.idle());
  EXPECT_EQ(table.take_unsent(1), nullptr) << "not sent after its timeout";
}

TEST_F(table_test, a_taken_channel_is_refused_and_its_slot_given_back) {
  add(1, 1s);
  ASSERT_TRUE(stats->reserve(100));
  bool called = false;
  auto refused = table.add(
      1, clock_type::now() + 1s,
      requests::callback_job("other", [&](result<message> r) {
        called = true;
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, make_error_code(errc::invalid_argument));
      }));
  ASSERT_TRUE(refused);
  (*refused)();
  EXPECT_TRUE(called);
  EXPECT_EQ(stats->pending.load(), 1u);
  // Channels are numbered from 1.
  ASSERT_TRUE(stats->reserve(100));
  EXPECT_TRUE(
      table.add(0, clock_type::now() + 1s,
                requests::callback_job("zero", [](result<message>) {})));
  EXPECT_EQ(stats->pending.load(), 1u);
  // Also while it waits for a late reply.
  requests::complete(table.sweep(clock_type::now() + 1500ms));
  ASSERT_TRUE(stats->reserve(100));
  EXPECT_TRUE(
      table.add(1, clock_type::now() + 1s,
                requests::callback_job("third", [](result<message>) {})));
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
