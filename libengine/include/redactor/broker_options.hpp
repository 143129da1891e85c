// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>

#include "redactor/connection_options.hpp"
#include "redactor/log_sink.hpp"
#include "redactor/metrics_options.hpp"

namespace redactor {

struct broker_options {
  connection_options connection;
  /// Threads running actors and handlers; 0: one per core less one for the
  /// Redis I/O thread, at least 1.
  std::size_t worker_threads = 0;
  /// How long stop() lets running handlers finish.
  std::chrono::milliseconds graceful_timeout{15000};
  /// How long a publish (or an acknowledgement) waits and is retried while
  /// Redis is unreachable before it fails with errc::connection_lost.
  std::chrono::milliseconds publish_timeout{30000};
  /// Requests (broker::request) that may wait for their replies at once;
  /// one more fails at once with errc::too_many_pending.
  std::size_t max_pending_requests = 100000;
  /// Prometheus metrics and the /healthz endpoint.
  metrics_options metrics;
  /// Where log lines go; empty: stderr_log(log_level::info).
  log_sink log;
};

} // namespace redactor
