// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>

#include "redactor/asyncapi_info.hpp"
#include "redactor/command_delivery.hpp"
#include "redactor/connection_options.hpp"
#include "redactor/handler_mode.hpp"
#include "redactor/log_sink.hpp"
#include "redactor/metrics_options.hpp"
#include "redactor/middleware.hpp"

namespace redactor {

struct broker_options {
  connection_options connection;
  /// Where handlers run unless their subscription says otherwise.
  handler_mode handlers = handler_mode::blocking;
  /// Threads of the handler pool, which runs blocking handlers; 0: four, or
  /// one per core when there are more. A pool thread waiting on a future
  /// of this broker is replaced while it waits (see handler_mode).
  std::size_t worker_threads = 0;
  /// I/O loop threads, each with its own connections and actors; 0 is
  /// taken as 1. A new subscription goes to the loop running the fewest
  /// (unsubscribed ones no longer count; running ones never move); each
  /// thread publishes and sends requests through one of them, the same
  /// every time. One loop uses one core: more help where Redis runs
  /// elsewhere and the engine, not Redis, is busy (see the README's
  /// execution model).
  std::size_t io_threads = 1;
  /// How long stop() lets running handlers finish.
  std::chrono::milliseconds graceful_timeout{15000};
  /// How long a publish (or an acknowledgement) waits and is retried while
  /// Redis is unreachable before it fails with errc::connection_lost.
  std::chrono::milliseconds publish_timeout{30000};
  /// What happens to a command whose connection broke before its reply
  /// came: sent again (duplicates possible) or failed (see
  /// command_delivery).
  command_delivery delivery = command_delivery::at_least_once;
  /// Requests (broker::request) that may wait for their replies at once;
  /// one more fails at once with errc::too_many_pending.
  std::size_t max_pending_requests = 100000;
  /// The largest payload (frame, envelope or raw bytes) the broker takes in
  /// or sends. A bigger one read from Redis is refused before it is
  /// decoded: not handled, logged, counted (subscription_counts::oversized,
  /// oversized_messages_total) and settled as a rejection (a stream entry
  /// stays pending, and reaches the dead-letter stream after
  /// max_deliveries). A bigger publish fails at once with
  /// errc::invalid_argument. Zero: no limit.
  std::size_t max_message_bytes = 64 * 1024 * 1024;
  /// Prometheus metrics and the /healthz endpoint.
  metrics_options metrics;
  /// Where log lines go; empty: stderr_log(log_level::info).
  log_sink log;
  /// Hooks around every handler call and publish (redactor/middleware.hpp),
  /// in order.
  middleware_list middleware;
  /// What the AsyncAPI document (broker::asyncapi()) says of the service.
  asyncapi_info asyncapi;
};

} // namespace redactor
