// SPDX-License-Identifier: MIT
// The message processor against an outbox that records what it would
// send: how a request is answered, refused or skipped, without Redis or
// actors.
#include "processing/message_processor.hpp"

#include <gtest/gtest.h>

#include "metrics/engine_metrics.hpp"
#include "processing/outbox.hpp"
#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/wire_headers.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

struct sent_frame {
  destination to;
  binary_format_v1::frame frame;
};

/// Keeps what would be published, decoded, and confirms it at once.
struct recording_outbox final : processing::outbox {
  explicit recording_outbox(const broker_options& o) : outbox(o) {}
  std::vector<sent_frame> sent;

  void send(const destination& to, frame_list frames, const publish_options&,
            processing::publish_completion done) override {
    for (auto& f : frames)
      sent.push_back({to, *binary_format_v1::decode(f)});
    done(publish_result{});
  }
};

std::string header_of(const binary_format_v1::frame& f, std::string_view name) {
  auto* value = find_header(f.headers, name);
  return value ? *value : std::string{};
}

std::string frame_of(std::string body, header_list headers) {
  return *binary_format_v1::encode(headers, body);
}

struct processor_test : ::testing::Test {
  broker_options options;
  metrics::engine_metrics metrics{options.metrics};
  std::shared_ptr<recording_outbox> out =
      std::make_shared<recording_outbox>(options);
  std::shared_ptr<subscriptions::subscription_spec> spec =
      std::make_shared<subscriptions::subscription_spec>();
  std::vector<std::string> handled;

  /// A list subscription answering "pong <body>", failing on "boom".
  std::shared_ptr<processing::message_processor> processor() {
    spec->kind = source_kind::list;
    spec->name = "calls";
    spec->label = "list calls";
    spec->fn = handler{[this](const message& m) {
      handled.emplace_back(m.body());
      if (m.body() == "boom")
        throw std::runtime_error{"it broke"};
      return response{"pong " + std::string{m.body()}};
    }};
    return std::make_shared<processing::message_processor>(spec, out, metrics,
                                                           log_sink{});
  }

  std::vector<processing::item_outcome> run(std::vector<std::string> payloads) {
    auto p = processor();
    auto chunk = std::make_shared<processing::work_chunk>();
    for (auto& payload : payloads)
      chunk->items.push_back({payload, {}, {}});
    std::atomic<bool> stopping{false};
    EXPECT_TRUE(p->run(chunk, stopping)) << "settled in the run";
    return chunk->outcomes;
  }
};

} // namespace

TEST_F(processor_test, a_request_is_answered_on_its_reply_to_with_its_id) {
  run({frame_of("ping", {{"correlation_id", "c-1"}, {"reply_to", "inbox.4"}})});
  ASSERT_EQ(out->sent.size(), 1u);
  auto& reply = out->sent[0];
  EXPECT_EQ(reply.to.type, destination::kind::channel);
  EXPECT_EQ(reply.to.name, "inbox.4");
  EXPECT_EQ(reply.frame.body, "pong ping");
  EXPECT_EQ(header_of(reply.frame, wire_headers::correlation_id), "c-1");
  EXPECT_EQ(spec->stats->handled.load(), 1u);
}

TEST_F(processor_test, a_failing_handler_answers_with_the_error_header) {
  auto outcomes = run(
      {frame_of("boom", {{"correlation_id", "c-2"}, {"reply_to", "inbox.5"}})});
  ASSERT_EQ(out->sent.size(), 1u);
  auto& reply = out->sent[0].frame;
  EXPECT_EQ(header_of(reply, wire_headers::error), wire_headers::error_handler);
  EXPECT_EQ(header_of(reply, wire_headers::correlation_id), "c-2");
  EXPECT_NE(reply.body.find("it broke"), std::string::npos) << reply.body;
  ASSERT_EQ(outcomes.size(), 1u);
}

TEST_F(processor_test, a_request_past_its_deadline_is_not_run) {
  auto past = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch() - 1s)
                  .count();
  run({frame_of("late",
                {{"reply_to", "inbox.6"},
                 {std::string{wire_headers::deadline}, std::to_string(past)}}),
       "fresh"});
  EXPECT_EQ(handled, (std::vector<std::string>{"fresh"}));
  EXPECT_TRUE(out->sent.empty())
      << "nobody waits for it; fresh has no reply_to";
  EXPECT_EQ(spec->stats->expired.load(), 1u);
}

TEST_F(processor_test, no_reply_subscriptions_send_nothing) {
  spec->common.no_reply = true;
  run({frame_of("ping", {{"reply_to", "inbox.7"}})});
  EXPECT_EQ(handled, (std::vector<std::string>{"ping"}));
  EXPECT_TRUE(out->sent.empty());
}

TEST_F(processor_test, only_a_list_item_keeps_its_payload_past_its_handler) {
  // A nack pushes a list item back as it came; a stream's entry keeps its
  // id for the acknowledgement but gives up its payload as the body.
  for (auto kind : {source_kind::list, source_kind::stream}) {
    auto p = processor();
    spec->kind = kind;
    const char* body_at = nullptr;
    spec->fn = handler{[&](const message& m) { body_at = m.body().data(); }};
    auto chunk = std::make_shared<processing::work_chunk>();
    auto payload = frame_of(std::string(100, 'x'), {{"correlation_id", "c"}});
    chunk->items.push_back({payload, "1-1", {}});
    const char* buffer = chunk->items[0].payload.data();
    std::atomic<bool> stopping{false};
    p->run(chunk, stopping);
    EXPECT_EQ(chunk->items[0].id, "1-1");
    auto in_buffer = body_at >= buffer && body_at < buffer + payload.size();
    if (kind == source_kind::list) {
      EXPECT_EQ(chunk->items[0].payload, payload);
      EXPECT_FALSE(in_buffer);
    } else {
      EXPECT_TRUE(in_buffer) << "the body was copied";
    }
  }
}

TEST_F(processor_test, a_stop_leaves_the_items_not_begun) {
  auto p = processor();
  auto chunk = std::make_shared<processing::work_chunk>();
  chunk->items.push_back({"a", {}, {}});
  std::atomic<bool> stopping{true};
  p->run(chunk, stopping);
  EXPECT_TRUE(handled.empty());
  EXPECT_EQ(chunk->started.load(), 0u);
}
