// SPDX-License-Identifier: MIT
// The subscription actor and its workers alone, on CAF's deterministic test
// scheduler, with a stand-in source: how reads are split and handled, what
// is acknowledged, given back and granted, and how a stop ends.
#include "subscriptions/subscription_actor.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <gtest/gtest.h>

#include "execution/atoms.hpp"
#include "metrics/engine_metrics.hpp"
#include "processing/outbox.hpp"
#include "support/deterministic_system.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

/// Records what the actor asks of its source; answers only when told.
struct recorded_source final : subscriptions::subscription_source {
  std::vector<std::size_t> granted;
  std::vector<std::vector<std::string>> acknowledged;
  struct give_back_call {
    std::vector<std::string> payloads;
    bool with_deadline;
    outcome_fn done;
  };
  std::vector<give_back_call> given_back;
  std::function<void()> drained;

  void grant(std::size_t n) override { granted.push_back(n); }
  void stop_reading(std::function<void()> fn) override {
    drained = std::move(fn);
  }
  void acknowledge(std::vector<std::string> ids, outcome_fn done) override {
    acknowledged.push_back(std::move(ids));
    done(std::nullopt);
  }
  void give_back(redis::inbound_batch items,
                 std::optional<clock::time_point> deadline,
                 outcome_fn done) override {
    std::vector<std::string> payloads;
    for (auto& in : items)
      payloads.push_back(in.payload);
    given_back.push_back({payloads, deadline.has_value(), std::move(done)});
  }
};

/// Replies and publish_to would go here; these handlers send none.
struct no_outbox final : processing::outbox {
  explicit no_outbox(const broker_options& o) : outbox(o) {}
  void send(const destination&, frame_list, const publish_options&,
            processing::publish_completion) override {
    ADD_FAILURE() << "nothing is published here";
  }
};

redis::inbound_batch items(std::vector<std::string> payloads,
                           const char* id_prefix = nullptr) {
  redis::inbound_batch out;
  for (std::size_t i = 0; i < payloads.size(); ++i)
    out.push_back({payloads[i],
                   id_prefix ? id_prefix + std::to_string(i) : std::string{},
                   {}});
  return out;
}

/// Asks `target` to stop and notes when it answered.
caf::behavior stopper(caf::event_based_actor* self,
                      subscriptions::subscription_actor_handle target,
                      bool* stopped) {
  self->request(target, caf::infinite, execution::stop_atom::value)
      .then([=](execution::stop_atom) { *stopped = true; });
  return {};
}

struct subscription_actor_test : ::testing::Test, test::deterministic_system {
  broker_options options;
  metrics::engine_metrics metrics{options.metrics};
  std::shared_ptr<recorded_source> source = std::make_shared<recorded_source>();
  std::vector<std::string> handled;
  std::shared_ptr<subscriptions::subscription_spec> spec;
  subscriptions::subscription_actor_handle actor;

  ~subscription_actor_test() override {
    if (actor)
      caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
    sched.run();
  }

  /// What subscription_handle::stop_taking() sets.
  std::shared_ptr<std::atomic<bool>> stopping =
      std::make_shared<std::atomic<bool>>(false);

  /// A subscription of `kind` whose handler records each body, nacks "n"
  /// and throws on "x".
  void start(source_kind kind, std::size_t workers) {
    spec = std::make_shared<subscriptions::subscription_spec>();
    spec->kind = kind;
    spec->name = "jobs";
    spec->label = "test jobs";
    spec->common.max_workers = workers;
    if (kind == source_kind::stream) {
      spec->acks = true;
      spec->group = "g";
      spec->consumer = "c";
      spec->policy = ack_policy::reject_on_error;
    }
    spec->fn = handler{[this](const message& m) {
      handled.emplace_back(m.body());
      if (m.body() == "n")
        m.nack();
      if (m.body() == "x")
        throw std::runtime_error{"x"};
    }};
    subscriptions::subscription_setup setup;
    setup.processor = std::make_shared<processing::message_processor>(
        spec, std::make_shared<no_outbox>(options), metrics, log_sink{});
    setup.source = source;
    setup.stopping = stopping;
    setup.graceful_timeout = 1s;
    actor = sys.spawn(subscriptions::subscription_actor, std::move(setup));
    sched.run();
  }

  void read(redis::inbound_batch batch) {
    caf::anon_send(actor, execution::batch_atom::value, std::move(batch));
    sched.run();
  }
};

} // namespace

TEST_F(subscription_actor_test, a_read_is_split_over_the_workers_in_order) {
  start(source_kind::list, 2);
  read(items({"a", "b", "c", "d"}));
  // Contiguous slices, one per worker; credit comes back per chunk.
  EXPECT_EQ(handled, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(source->granted, (std::vector<std::size_t>{2, 2}));
  EXPECT_TRUE(source->acknowledged.empty()) << "lists have nothing to ack";
}

TEST_F(subscription_actor_test, a_nacked_list_item_goes_back_at_once) {
  start(source_kind::list, 1);
  read(items({"a", "n", "b"}));
  ASSERT_EQ(source->given_back.size(), 1u);
  EXPECT_EQ(source->given_back[0].payloads, (std::vector<std::string>{"n"}));
  EXPECT_FALSE(source->given_back[0].with_deadline);
  EXPECT_EQ(source->granted, (std::vector<std::size_t>{3}));
}

TEST_F(subscription_actor_test, stream_entries_are_acknowledged_once_a_chunk) {
  start(source_kind::stream, 1);
  read(items({"a", "x", "b"}, "1-"));
  // The one that threw stays pending (reject_on_error).
  EXPECT_EQ(source->acknowledged,
            (std::vector<std::vector<std::string>>{{"1-0", "1-2"}}));
  EXPECT_EQ(source->granted, (std::vector<std::size_t>{3}));
}

TEST_F(subscription_actor_test, a_stop_gives_back_what_came_after_in_order) {
  start(source_kind::list, 1);
  read(items({"a"}));
  bool stopped = false;
  sys.spawn(stopper, actor, &stopped);
  sched.run();
  ASSERT_TRUE(source->drained) << "asked to stop reading";
  // The read in flight still arrives; its items are not handled.
  read(items({"b", "c"}));
  EXPECT_EQ(handled, (std::vector<std::string>{"a"}));
  EXPECT_FALSE(stopped) << "not before the reader drained";
  source->drained();
  sched.run();
  ASSERT_EQ(source->given_back.size(), 1u);
  EXPECT_EQ(source->given_back[0].payloads,
            (std::vector<std::string>{"b", "c"}));
  EXPECT_TRUE(source->given_back[0].with_deadline);
  EXPECT_FALSE(stopped) << "not before they are back";
  source->given_back[0].done(std::nullopt);
  sched.run();
  EXPECT_TRUE(stopped);
  actor = nullptr;
}

TEST_F(subscription_actor_test, what_cannot_be_given_back_is_counted_lost) {
  start(source_kind::list, 1);
  bool stopped = false;
  sys.spawn(stopper, actor, &stopped);
  sched.run();
  read(items({"b", "c"}));
  source->drained();
  sched.run();
  ASSERT_EQ(source->given_back.size(), 1u);
  source->given_back[0].done(std::string{"Redis is away"});
  sched.run();
  EXPECT_TRUE(stopped);
  EXPECT_EQ(spec->stats->lost_at_stop.load(), 2u);
  actor = nullptr;
}

TEST_F(subscription_actor_test, once_it_stops_taking_reads_wait_for_the_stop) {
  start(source_kind::list, 1);
  read(items({"a"}));
  stopping->store(true); // stop_taking(), from the caller's thread
  read(items({"b"}));
  read(items({"c"}));
  EXPECT_EQ(handled, (std::vector<std::string>{"a"}));
  EXPECT_TRUE(source->given_back.empty()) << "nothing goes back alone";
  EXPECT_EQ(source->granted, (std::vector<std::size_t>{1}));
  bool stopped = false;
  sys.spawn(stopper, actor, &stopped);
  sched.run();
  ASSERT_TRUE(source->drained) << "the stop still stops the reader";
  source->drained();
  sched.run();
  ASSERT_EQ(source->given_back.size(), 1u);
  EXPECT_EQ(source->given_back[0].payloads,
            (std::vector<std::string>{"b", "c"}));
  source->given_back[0].done(std::nullopt);
  sched.run();
  EXPECT_TRUE(stopped);
  actor = nullptr;
}
