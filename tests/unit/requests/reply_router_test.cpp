// SPDX-License-Identifier: MIT
// The reply router alone, on CAF's deterministic test scheduler, with a
// stand-in for the inbox connection: every message it handles, in the
// order the test sends them, and every (un)subscription it asks for.
#include "requests/reply_router.hpp"

#include <caf/send.hpp>
#include <gtest/gtest.h>

#include "execution/atoms.hpp"
#include "redactor/codec/binary_format.hpp"
#include "requests/request_protocol.hpp"
#include "support/deterministic_system.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

/// Records what the router asks of the inbox connection.
struct recorded_channels final : redis::reply_channels {
  std::vector<std::uint64_t> subscribed;
  std::vector<std::uint64_t> unsubscribed;

  void subscribe(std::uint64_t channel) override {
    subscribed.push_back(channel);
  }
  void unsubscribe(std::uint64_t channel) override {
    unsubscribed.push_back(channel);
  }
};

/// What the reader subscribes from its first connect, as Redis confirms
/// them.
std::vector<std::uint64_t> first_channels() {
  std::vector<std::uint64_t> out;
  for (std::uint64_t n = 1; n <= requests::first_reply_channels; ++n)
    out.push_back(n);
  return out;
}

redis::inbound reply_on(const std::string& channel, const std::string& body) {
  return {*binary_format_v1::encode({}, body), {}, channel};
}

struct reply_router_test : ::testing::Test, test::deterministic_system {
  std::shared_ptr<recorded_channels> channels =
      std::make_shared<recorded_channels>();
  std::shared_ptr<requests::request_stats> stats =
      std::make_shared<requests::request_stats>();
  std::vector<std::uint64_t> first = first_channels();
  requests::reply_router_actor router =
      sys.spawn(requests::reply_router, std::string{"inbox"},
                std::weak_ptr<redis::reply_channels>{channels}, stats);
  /// What each request sent on, and how it ended, by request number.
  std::vector<std::string> sent_on;
  std::map<int, result<message>> outcomes;

  ~reply_router_test() override {
    caf::anon_send_exit(router, caf::exit_reason::user_shutdown);
    sched.run();
  }

  /// A request that records where it was sent and how it ended.
  struct recorded_job final : requests::request_job {
    recorded_job(reply_router_test& test, int n, bool throws)
        : test(test), n(n), throws(throws), id("cid-" + std::to_string(n)) {}

    const std::string& correlation_id() const noexcept override { return id; }
    void send(std::uint64_t, std::string reply_to) override {
      test.sent_on.push_back(std::move(reply_to));
    }
    void finish(result<message> r) override {
      if (throws)
        throw std::runtime_error{"oops"};
      test.outcomes.emplace(n, std::move(r));
    }

    reply_router_test& test;
    int n;
    bool throws;
    std::string id;
  };

  /// Registers request `n`, with its pending slot reserved; its callback
  /// throws when `throws`.
  void request(int n, std::chrono::steady_clock::time_point deadline,
               bool throws = false) {
    ASSERT_TRUE(stats->reserve(100));
    requests::outgoing_request req;
    req.deadline = deadline;
    req.job = std::make_shared<recorded_job>(*this, n, throws);
    caf::anon_send(router, execution::register_atom::value, std::move(req));
    sched.run();
  }

  void request(int n) { request(n, std::chrono::steady_clock::now() + 1h); }

  void confirm(std::vector<std::uint64_t> subscribed) {
    caf::anon_send(router, execution::subscribed_atom::value,
                   std::move(subscribed));
    sched.run();
  }

  void deliver(redis::inbound_batch batch) {
    caf::anon_send(router, execution::batch_atom::value, std::move(batch));
    sched.run();
  }
};

} // namespace

TEST_F(reply_router_test, requests_go_out_on_confirmed_channels_at_once) {
  EXPECT_TRUE(channels->subscribed.empty()) << "the reader has the first";
  confirm(first);
  request(1);
  request(2);
  EXPECT_EQ(sent_on, (std::vector<std::string>{"inbox.1", "inbox.2"}));
  // Answers in any order reach the request their channel belongs to,
  // whatever they carry.
  deliver({reply_on("inbox.2", "two"), reply_on("inbox.1", "one")});
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes.at(1)->body(), "one");
  EXPECT_EQ(outcomes.at(2)->body(), "two");
  EXPECT_EQ(channels->unsubscribed, (std::vector<std::uint64_t>{2, 1}));
  auto counts = stats->snapshot();
  EXPECT_EQ(counts.replied, 2u);
  EXPECT_EQ(counts.pending, 0u);
}

TEST_F(reply_router_test,
       a_request_finding_no_channel_ready_waits_for_its_own) {
  request(1);
  ASSERT_FALSE(channels->subscribed.empty());
  EXPECT_EQ(channels->subscribed.front(), 65u);
  EXPECT_TRUE(sent_on.empty()) << "not before Redis confirmed";
  // More are kept ahead from now on: 128, of which 64 are on their way.
  EXPECT_EQ(channels->subscribed.size(), 1u + 64u);
  confirm({3, 65});
  EXPECT_EQ(sent_on, (std::vector<std::string>{"inbox.65"}));
  // The next takes one confirmed ahead.
  request(2);
  EXPECT_EQ(sent_on.back(), "inbox.3");
}

TEST_F(reply_router_test,
       a_timeout_comes_from_the_sweep_and_a_late_reply_counts) {
  confirm(first);
  request(1, std::chrono::steady_clock::now() - 1ms);
  EXPECT_TRUE(outcomes.empty()) << "only the sweep times out";
  ASSERT_TRUE(sched.has_pending_timeout());
  sched.trigger_timeouts();
  sched.run();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes.at(1).error().code, make_error_code(errc::timeout));
  EXPECT_EQ(outcomes.at(1).error().detail, "no reply to request cid-1");
  // Its channel stays subscribed for a late reply, which is then dropped.
  EXPECT_TRUE(channels->unsubscribed.empty());
  deliver({reply_on("inbox.1", "late")});
  EXPECT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(channels->unsubscribed, (std::vector<std::uint64_t>{1}));
  auto counts = stats->snapshot();
  EXPECT_EQ(counts.timed_out, 1u);
  EXPECT_EQ(counts.late_replies, 1u);
  EXPECT_EQ(counts.pending, 0u);
}

TEST_F(reply_router_test, a_message_on_a_spare_channel_retires_it) {
  confirm(first);
  deliver({reply_on("inbox.1", "forged")});
  EXPECT_EQ(stats->late_replies.load(), 1u);
  EXPECT_EQ(channels->unsubscribed, (std::vector<std::uint64_t>{1}));
  request(1);
  EXPECT_EQ(sent_on, (std::vector<std::string>{"inbox.2"}));
}

TEST_F(reply_router_test,
       after_a_lost_connection_channels_wait_to_be_confirmed) {
  confirm(first);
  caf::anon_send(router, execution::disarm_atom::value);
  sched.run();
  request(1);
  EXPECT_TRUE(sent_on.empty());
  confirm(first);
  EXPECT_TRUE(sent_on.empty()) << "its own channel is not among them";
  confirm({65});
  EXPECT_EQ(sent_on, (std::vector<std::string>{"inbox.65"}));
}

TEST_F(reply_router_test,
       a_failed_send_fails_the_request_and_frees_its_channel) {
  confirm(first);
  request(1);
  caf::anon_send(router, execution::fail_atom::value, std::uint64_t{1},
                 make_error(errc::connection_lost, "gone"));
  sched.run();
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes.at(1).error().detail, "gone");
  EXPECT_EQ(channels->unsubscribed, (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(stats->pending.load(), 0u);
}

TEST_F(reply_router_test, stopping_fails_what_is_still_pending) {
  request(1);
  request(2);
  caf::anon_send_exit(router, caf::exit_reason::user_shutdown);
  sched.run();
  ASSERT_EQ(outcomes.size(), 2u);
  for (auto& [n, r] : outcomes) {
    EXPECT_EQ(r.error().code, make_error_code(errc::connection_lost)) << n;
    EXPECT_EQ(r.error().detail, "the broker stopped");
  }
  EXPECT_EQ(stats->pending.load(), 0u);
}

TEST_F(reply_router_test, a_callback_that_throws_leaves_the_router_serving) {
  confirm(first);
  request(0, std::chrono::steady_clock::now() + 1h, true);
  deliver({reply_on("inbox.1", "zero")});
  request(1);
  deliver({reply_on("inbox.2", "one")});
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes.at(1)->body(), "one");
  EXPECT_EQ(stats->snapshot().pending, 0u);
}
