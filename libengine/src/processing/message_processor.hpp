// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "metrics/engine_metrics.hpp"
#include "metrics/handler_meter.hpp"
#include "processing/message_access.hpp"
#include "processing/middleware_chain.hpp"
#include "processing/outbox.hpp"
#include "processing/work_chunk.hpp"
#include "redactor/log_sink.hpp"
#include "subscriptions/subscription_spec.hpp"

namespace redactor::processing {

/// What a worker does with a chunk: decode each payload into a message,
/// drop requests whose deadline passed, run the user's handler, catch what
/// it throws (answering the requester with an error reply), publish its
/// response (to reply_to and the subscription's publish_to destinations)
/// and decide, per the ack policy, which entries to acknowledge (and which
/// list items a handler gave back with nack()).
///
/// It also counts what it receives and how each message ends (FastStream's
/// counting rules: batch items count one each, refused frames count as
/// rejected, requests dropped past their deadline as skipped) and what it
/// publishes to publish_to (replies are not counted); the handler calls
/// themselves are measured by metrics::handler_hooks, the first middleware
/// of its chain.
///
/// A handler that answers through a responder settles its message when it
/// answers, possibly after run() returned (see responder).
///
/// Free of actors, so that any runtime can drive it. Thread-safe: run() may
/// be called for different chunks at once. Owned by shared_ptr, which
/// deferred answers keep alive.
class message_processor
    : public std::enable_shared_from_this<message_processor> {
 public:
  message_processor(subscriptions::subscription_spec_ptr spec,
                    std::shared_ptr<outbox> out,
                    metrics::engine_metrics& metrics, log_sink log);

  /// Handles chunk.items in order and fills chunk.outcomes; once `stopping` is
  /// set, it starts no further item. True when the chunk is settled;
  /// otherwise `settled` runs, on the thread of the last answer, once the
  /// answers deferred to responders are all in.
  bool run(const work_chunk_ptr& chunk, const std::atomic<bool>& stopping,
           std::function<void()> settled = {}) const;

  const subscriptions::subscription_spec& spec() const noexcept {
    return *spec_;
  }

 private:
  void run_batch(work_chunk& chunk) const;
  /// Runs the handler on item `i`, a decoded and accepted message, and
  /// settles it, or leaves that to its responder.
  void handle(const work_chunk_ptr& chunk, std::size_t i, message m,
              metrics::handler_meter& meter,
              const std::function<void()>& settled) const;
  /// Counts, answers and decides what becomes of item `i`, given how its
  /// handler ended.
  void settle(work_chunk& chunk, std::size_t i, const message& m,
              metrics::handler_meter& meter, const std::optional<response>& r,
              const std::optional<std::string>& failure) const;
  /// Runs `invoke` (the handler on the `n` messages at `ms`: one, or a
  /// batch) inside the first one's trace context and the middleware's
  /// before and after hooks (the handler metrics among them); when it
  /// threw, the exception's text, which is logged (with the correlation id
  /// of a single message).
  template <class Invoke>
  std::optional<std::string> call(Invoke&& invoke, const message* ms,
                                  std::size_t n) const;
  /// Whether `in` is over max_message_bytes; counts and logs it.
  bool oversized(const redis::inbound& in) const;
  /// The message in `in`. A list's item stays whole, since a nack pushes
  /// it back as it came; any other gives its payload up as the body.
  message decode(redis::inbound& in, const message_source& from) const;
  /// Counts `m` and says whether its handler may run (reject_undecodable).
  bool accept(const message& m) const;
  /// Whether `m` is a request whose deadline header has passed; counts and
  /// logs it.
  bool expired(const message& m) const;
  /// Whether `m`'s reply_to names a list or stream outside the
  /// subscription's reply_key_prefixes; counts and logs it.
  bool reply_refused(const message& m) const;
  /// What becomes of an item, given how its handler ended.
  item_outcome outcome(bool succeeded, settlement settled) const;
  /// What becomes of an item nobody needs any more (expired, refused
  /// reply): acknowledged when it is a group's entry.
  item_outcome done_with() const;
  bool wants_reply(const message& m) const;
  /// Where the reply to `m` goes (see reply_address.hpp).
  destination reply_destination(const message& m) const;
  void respond(const message& m, const std::optional<response>& r) const;
  /// The error reply (wire_headers::error) for a handler that threw.
  void respond_failure(const message& m, const std::string& failure) const;
  /// Publishes `r`, the answer to `m`, to `to` with `m`'s correlation id
  /// and trace context unless `r` sets its own; counted on `meter` unless
  /// it is a reply.
  void publish(destination to, const response& r, const message& m,
               std::shared_ptr<metrics::destination_meter> meter = {}) const;
  void publish_onward(const response& r, const message& m) const;
  void log_failure(const message* m, const char* what) const;
  /// The per-message debug line, made only when the sink asks for debug.
  void log_received(const message& m) const;
  /// A record about this subscription: "<label>: <text>".
  void log(log_level level, const std::string& text,
           std::string_view correlation_id = {},
           std::string_view destination = {}) const;

  subscriptions::subscription_spec_ptr spec_;
  std::shared_ptr<outbox> out_;
  std::shared_ptr<metrics::subscription_meter> meter_;
  /// The handler metrics, then broker_options::middleware.
  middleware_chain handling_;
  /// One per spec_->common.publish_to entry.
  std::vector<std::shared_ptr<metrics::destination_meter>> publish_to_meters_;
  log_sink log_;
};

} // namespace redactor::processing
