// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "metrics/registry.hpp"
#include "redactor/metrics_options.hpp"

namespace redactor::metrics {

class destination_meter;

/// Every family a broker reports: FastStream's nine (same names after the
/// prefix, same labels, buckets and status values) and Redactor's own.
/// Members are the families; meters (handler_meter, destination_meter)
/// cache their children so the per-message path takes no lock.
class engine_metrics {
 public:
  explicit engine_metrics(const metrics_options& options);

  engine_metrics(const engine_metrics&) = delete;
  engine_metrics& operator=(const engine_metrics&) = delete;

  /// The cached meter of a publish destination (one lock per call: keep it).
  std::shared_ptr<destination_meter> destination(const std::string& name);

  std::string text() const { return registry_.text(); }
  registry& families() noexcept { return registry_; }

 private:
  registry registry_;

 public:
  // -- FastStream's families (faststream/prometheus/container.py) ----------
  family<counter>& received;
  family<histogram>& received_size;
  family<gauge>& in_process;
  family<counter>& processed;
  family<histogram>& processed_duration;
  family<counter>& processed_exceptions;
  family<counter>& published;
  family<histogram>& published_duration;
  family<counter>& published_exceptions;

  // -- Redactor's ----------------------------------------------------------
  family<histogram>& rpc_duration;
  family<gauge>& rpc_pending;
  family<gauge>& rpc_replies;
  family<gauge>& rpc_timeouts;
  family<gauge>& rpc_late_replies;
  family<gauge>& rpc_refused;
  family<gauge>& deadline_dropped;
  family<gauge>& refused_replies;
  family<gauge>& dead_lettered;
  family<gauge>& undecodable;
  family<gauge>& oversized;
  family<gauge>& mailbox_depth;
  family<gauge>& subscription_up;
  family<gauge>& stream_pending;
  family<gauge>& stream_lag;
  family<gauge>& connection_up;
  family<gauge>& connection_reconnects;
  family<gauge>& connection_refused;
  family<gauge>& publish_retries;
  family<gauge>& failovers;
  family<gauge>& cluster_redirects;
  family<gauge>& cluster_topology_reads;

 private:
  std::mutex destinations_mtx_;
  std::unordered_map<std::string, std::shared_ptr<destination_meter>>
      destinations_;
};

} // namespace redactor::metrics
