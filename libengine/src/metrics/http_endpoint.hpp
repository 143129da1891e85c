// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "redactor/health_report.hpp"

class CivetServer;

namespace redactor::metrics {

/// A small HTTP server (civetweb, two threads) answering GET /metrics with
/// the text exposition, GET /healthz with 200 "ok" or 503 and the
/// reason, and GET /asyncapi.json with the AsyncAPI document when asked to. The
/// callbacks run on its threads, so they must not wait for anything that
/// stopping the server waits for.
class http_endpoint {
 public:
  struct routes {
    std::function<std::string()> metrics;
    std::function<health_report()> health;
    /// Empty: /asyncapi.json is not served.
    std::function<std::string()> asyncapi;
  };

  /// Listens on "HOST:PORT" (port 0: any free one). Throws redactor::error
  /// (errc::invalid_argument) for a malformed address or one it cannot
  /// listen on (taken, not local), saying which.
  http_endpoint(const std::string& listen, routes r);
  ~http_endpoint();

  http_endpoint(const http_endpoint&) = delete;
  http_endpoint& operator=(const http_endpoint&) = delete;

  /// HOST:PORT as bound.
  const std::string& address() const noexcept { return address_; }

 private:
  class handler;

  routes routes_;
  std::unique_ptr<handler> metrics_;
  std::unique_ptr<handler> health_;
  std::unique_ptr<handler> asyncapi_;
  std::unique_ptr<CivetServer> server_;
  std::string address_;
};

} // namespace redactor::metrics
