// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "peer_process.hpp"
#include "results.hpp"

namespace redactor::bench {

/// How long and how much each scenario runs.
struct bench_settings {
  std::string url;
  /// redis-server's CPU seconds; empty when Redis is not ours (--url).
  std::function<double()> redis_cpu;
  std::chrono::milliseconds rpc_warmup{1000};
  std::chrono::milliseconds rpc_window{5000};
  std::uint64_t one_way_messages = 1'000'000; ///< per consume scenario
  std::uint64_t publish_messages = 1'000'000; ///< per publish scenario
  std::size_t publish_outstanding = 1000;
  std::uint64_t memory_round = 1'000'000;
  int memory_rounds = 10;
  std::size_t pending_requests = 100'000;
  /// Run only scenarios whose name contains one of these; all when empty.
  std::vector<std::string> only;
  /// A Redis Cluster: url is a redis-cluster:// URL for Redactor, and
  /// node_url(key) the master serving the key's slot, where the baseline
  /// (which speaks to one server) and the bench's own preloads go. Only the
  /// one-way scenarios run (the RPC peers and the channel feeder are
  /// baseline code), named "cluster/...".
  bool cluster = false;
  std::function<std::string(const std::string& key)> node_url;

  /// The server holding `key`: url itself outside a cluster.
  std::string node_of(const std::string& key) const {
    return node_url ? node_url(key) : url;
  }

  /// The short variant for smoke runs.
  static bench_settings quick(std::string url);
};

/// Runs the scenarios on both sides, Redactor first, and hands each result
/// to `done` as it completes.
void run_scenarios(const bench_settings& settings,
                   const std::function<void(const scenario_result&)>& done);

/// Redactor's memory checks, in a peer process (skipped when `only` leaves
/// out "memory").
std::optional<memory_result> run_memory_checks(const bench_settings& settings);

/// The memory checks' peer: measures and reports one line.
void serve_memory_checks(const bench_settings& settings, peer_control& control);

} // namespace redactor::bench
