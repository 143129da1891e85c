// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "metrics/engine_metrics.hpp"
#include "redactor/health_report.hpp"
#include "redis/connection_stats.hpp"
#include "redis/locator.hpp"
#include "redis/reader_status.hpp"
#include "requests/request_stats.hpp"

namespace redactor::redis {
class command_gateway;
} // namespace redactor::redis

namespace redactor::subscriptions {
class subscription;
} // namespace redactor::subscriptions

namespace redactor::engine {

/// Watches a broker's parts for /healthz and for the metrics kept outside
/// the per-message meters (request counts, subscription counters, mailbox
/// depth, connection states, stream groups), which it copies into the
/// families at each scrape.
///
/// Threading: any thread. Its lock is held only to copy the lists, never
/// while waiting, so scrapes and health checks answer even while the broker
/// is starting or stopping (scrapes never touch the broker's own lock,
/// which stop() holds while the subscriptions drain).
class engine_monitor {
 public:
  engine_monitor(metrics::engine_metrics& metrics,
                 std::shared_ptr<const requests::request_stats> requests);

  void set_running(bool running) { running_.store(running); }

  /// Watched until it is gone or stopped.
  void watch(const std::shared_ptr<const subscriptions::subscription>& sub);
  /// Where the connections go, one locator per I/O loop: health needs
  /// each to know its master; failovers (each locator sees the same ones)
  /// are the most any counted, redirects and topology reads their sum.
  /// Watched while it lives (it needs the I/O loop, which the monitor
  /// outlives).
  void watch(const std::shared_ptr<const redis::locator>& where);
  /// `name` is the connection label; watched until the stats are released.
  void watch(std::string name, const redis::connection_stats_ptr& stats,
             bool required_for_health = false);
  /// A reader outside the subscriptions (the RPC inbox), required for
  /// health; watched until the status is released.
  void watch(std::string name,
             const std::shared_ptr<const redis::reader_status>& status);

  health_report health() const;

  /// Sends XINFO GROUPS for each stream subscription with a group, through
  /// `gateway`; the answers land in the subscriptions' stats.
  void sample_streams(redis::command_gateway& gateway) const;

 private:
  struct watched_connection {
    std::string name;
    std::weak_ptr<const redis::connection_stats> stats;
    bool required;
  };

  std::vector<std::shared_ptr<const subscriptions::subscription>>
  live_subscriptions() const;
  std::vector<std::pair<std::string, redis::connection_stats_ptr>>
  live_connections(bool required_only) const;
  std::vector<
      std::pair<std::string, std::shared_ptr<const redis::reader_status>>>
  live_readers() const;
  std::vector<std::shared_ptr<const redis::locator>> live_locators() const;
  /// Copies the state kept elsewhere into the families; a refresher.
  void refresh() const;

  metrics::engine_metrics& metrics_;
  std::shared_ptr<const requests::request_stats> requests_;
  std::atomic<bool> running_{false};
  mutable std::mutex mtx_;
  std::vector<std::weak_ptr<const redis::locator>> where_;
  mutable std::vector<std::weak_ptr<const subscriptions::subscription>> subs_;
  mutable std::vector<watched_connection> connections_;
  mutable std::vector<
      std::pair<std::string, std::weak_ptr<const redis::reader_status>>>
      readers_;
};

} // namespace redactor::engine
