// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <caf/actor_system.hpp>

#include "metrics/engine_metrics.hpp"
#include "processing/outbox.hpp"
#include "redactor/log_sink.hpp"
#include "redis/io_loop.hpp"
#include "redis/locator.hpp"
#include "redis/reader_status.hpp"
#include "redis/reply_channel_reader.hpp"
#include "requests/reply_router.hpp"
#include "requests/request_stats.hpp"

namespace redactor::requests {

/// The requests of a broker on Redis, from broker::request to their end:
/// the inbox (a reply channel reader on the I/O loop), the reply router,
/// and how each request is admitted, stamped, metered and sent through the
/// outbox once its reply channel is subscribed.
///
/// Takes requests from start() to stop(); before, they fail with "start()
/// has not been called", after, with "it was stopped". Thread-safe.
class requester {
 public:
  struct parts {
    caf::actor_system* system = nullptr;
    redis::io_loop* loop = nullptr;
    redis::locator_ptr locator;
    /// Where requests leave, like every publish.
    std::shared_ptr<processing::outbox> outbox;
    metrics::engine_metrics* metrics = nullptr;
    log_sink log;
    /// broker_options::max_pending_requests.
    std::size_t max_pending = 0;
  };

  requester(parts p, std::shared_ptr<request_stats> stats);

  /// Spawns the router and subscribes the inbox; the future says when
  /// replies can arrive, or holds the first connection error.
  std::future<std::optional<error_info>> start();

  /// The inbox's connection and subscription state, for health and metrics
  /// (valid after start()).
  redis::connection_stats_ptr inbox_connection() const;
  std::shared_ptr<const redis::reader_status> inbox_status() const;

  /// See broker::request.
  void request(const destination& to, std::string_view body,
               std::chrono::milliseconds timeout, publish_options options,
               std::function<void(result<message>)> callback);

  /// Fails what is pending (errc::connection_lost) and closes the inbox;
  /// requests from now on fail. Also when start() never ran.
  void stop();

 private:
  parts parts_;
  std::shared_ptr<request_stats> stats_;
  mutable std::mutex mtx_;
  /// Whether start() or stop() ever ran: what a refused request is told.
  bool started_or_stopped_ = false;
  /// Null before start() and after stop(); requests reach it under mtx_,
  /// under which stop() sends its exit, so none is dropped unanswered.
  reply_router_actor router_;
  std::shared_ptr<redis::reply_channel_reader> inbox_reader_;
  std::shared_ptr<redis::reader_status> inbox_status_;
};

} // namespace redactor::requests
