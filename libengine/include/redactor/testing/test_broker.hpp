// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "redactor/broker.hpp"

namespace redactor::testing {

class memory_backend;

/// What run_until_idle() does with exceptions that handlers threw.
enum class handler_errors {
  /// Rethrows the first one, once everything pending has run.
  rethrow,
  /// Leaves them to the counts (subscription_token::counts().failed).
  keep_going,
};

/// A broker with no Redis, for unit-testing handlers (FastStream's
/// TestRedisBroker). It is a redactor::broker, so code that takes a
/// `broker&` to subscribe its handlers and make its publishers runs on it
/// unchanged. Target redactor::testing.
///
/// What is real: descriptors are checked as on Redis; publishing encodes
/// FastStream's BinaryMessageFormatV1 frames; every delivery goes through
/// the engine's own decoding, deadline, ack-policy, reply and publish_to
/// logic; metrics are counted.
///
/// What is in memory: frames are routed as Redis routes them. A channel
/// message reaches every subscription whose channel or pattern matches
/// (PSUBSCRIBE's glob), and is lost when none does. A list keeps its items
/// until a list subscription takes them, one subscription at a time, in
/// turn. A stream keeps its entries: every reader without a group gets
/// each entry, and each consumer group gets it once, through one of its
/// consumers in turn, pending until acknowledged by the ack policy.
///
/// Deterministic: nothing runs on its own. publish() and publishers queue
/// the deliveries and return at once; run_until_idle() runs them, and
/// whatever they publish, on the calling thread until nothing is left.
/// request() does the same before it returns, so its future is ready.
///
/// Differences from a broker on Redis, by design:
/// - request() to a destination that no running subscription reads fails
///   at once with errc::no_subscriber, and one that got no reply once
///   everything ran fails at once with errc::timeout, not after `timeout`.
/// - Handlers run one at a time on the calling thread, whatever
///   max_workers says. Publishing fails only before start() and after
///   stop() (errc::not_running, as on Redis).
/// - A list item a handler nacks goes back to the head of its list and is
///   delivered again by the next run_until_idle(), not the same one, so a
///   handler that always nacks cannot keep a run going forever.
/// - get_one() runs what is queued, then takes the first message it
///   delivered; nothing delivers while it waits.
/// - Connections cannot drop: no reconnects and no Pub/Sub loss. Pending
///   entries come back only to their own consumer, when it subscribes (as
///   on Redis at every connect); min_idle_time, max_deliveries and
///   dead-letter streams do nothing. MAXLEN trims exactly.
/// - Stream entry ids are "1-0", "2-0", ... per stream.
/// - RedisRPC (serve_redisrpc, redisrpc_client) needs Redis and refuses it.
///
/// Threading: thread-safe. Handlers run on the thread that calls
/// run_until_idle() or request(), and may publish, request and read the
/// records below.
class test_broker : public broker {
 public:
  /// Only the options that shape processing matter: log, metrics,
  /// max_pending_requests. Nothing connects.
  explicit test_broker(broker_options options = {});

  /// Runs every queued delivery, and what the handlers publish in turn,
  /// until nothing is left; returns how many messages reached handlers.
  /// Then, with handler_errors::rethrow, rethrows the first exception a
  /// handler threw since the last call (the others are dropped). An
  /// exception that answered a request() as its error reply is that
  /// request's result instead.
  std::size_t run_until_idle(handler_errors errors = handler_errors::rethrow);

  /// Everything published to `to` so far (by publish, publishers,
  /// requests, handlers' replies and publish_to, inject), in order,
  /// decoded as a subscriber would see it (FastStream's publisher.mock).
  /// Only the kind and name of `to` count.
  std::vector<message> published(const destination& to) const;

  /// What `sub`'s handler was called with, in order (FastStream's
  /// handler.mock). Throws redactor::error (errc::invalid_argument) for a
  /// token that is not a test broker's.
  std::vector<message> received(const subscription_token& sub) const;

  /// XPENDING's count for a consumer group: entries delivered and not
  /// acknowledged.
  std::size_t pending(std::string_view stream, std::string_view group) const;

  /// Publishes `payload` as it is, unencoded, as a producer that is not
  /// Redactor or FastStream would (raw bytes, a broken frame, a legacy
  /// JSON envelope).
  result<publish_result> inject(const destination& to,
                                std::string_view payload);

 private:
  memory_backend& memory() const;
};

} // namespace redactor::testing
