// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <string>

namespace redactor {

/// How a broker reports its metrics (Prometheus text format).
///
/// The families are FastStream's (`{prefix}_received_messages_total`,
/// `{prefix}_published_messages_total`, ... with the labels app_name,
/// broker="redis", handler or destination, status, exception_type), so that
/// with `prefix = "faststream"` FastStream's dashboards work unchanged,
/// plus Redactor's own (`{prefix}_rpc_*`, `{prefix}_connection_*`,
/// `{prefix}_stream_*`, ...); deploy/README.md lists them all. Counting
/// costs a few relaxed atomic operations per message and never takes a lock
/// on a cached label set, so it is always on; only serving is optional.
struct metrics_options {
  /// "HOST:PORT" (an IP address, IPv6 in brackets: "[::1]:9100", or a
  /// host name; ":PORT" or "0.0.0.0:PORT" for every IPv4 interface, "[::]"
  /// for every interface) on which the broker serves GET /metrics and
  /// GET /healthz while it runs, on its I/O loop. Empty: not served
  /// (broker::metrics_text() still gives the text). Port 0 picks a free
  /// port; broker::metrics_address() tells which.
  std::string listen;
  /// Prefix of every family name.
  std::string prefix = "redactor";
  /// The app_name label; empty: the prefix, as in FastStream.
  std::string app_name;
  /// How often stream consumer groups are sampled with XINFO GROUPS for the
  /// pending-entries and lag gauges.
  std::chrono::milliseconds sample_interval{5000};
  /// Also serve GET /asyncapi.json (broker::asyncapi()) on `listen`.
  bool serve_asyncapi = false;
};

} // namespace redactor
