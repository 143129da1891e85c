// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>

#include "metrics/http_server.hpp"
#include "redactor/health_report.hpp"

namespace redactor::metrics {

/// What the broker serves over HTTP: GET /metrics with the text exposition,
/// GET /healthz with 200 "ok" or 503 and the reason, and GET /asyncapi.json
/// with the AsyncAPI document when asked to. The callbacks run on the I/O
/// loop thread (http_server), so they must be quick and never wait for the
/// engine.
class http_endpoint {
 public:
  struct routes {
    std::function<std::string()> metrics;
    std::function<health_report()> health;
    /// Empty: /asyncapi.json is not served.
    std::function<std::string()> asyncapi;
  };

  /// Listens on "HOST:PORT" (see http_server). Throws redactor::error
  /// (errc::invalid_argument) for a malformed address or one it cannot
  /// listen on (taken, not local), saying which.
  http_endpoint(redis::io_loop& loop, const std::string& listen, routes r);

  /// HOST:PORT as bound.
  const std::string& address() const noexcept { return server_.address(); }

 private:
  http_server server_;
};

} // namespace redactor::metrics
