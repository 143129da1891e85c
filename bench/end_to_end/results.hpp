// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cpu_usage.hpp"
#include "engine/memory_check.hpp"

namespace redactor::bench {

/// One side's figures in one scenario.
struct side_figures {
  std::uint64_t messages = 0; ///< round trips, or messages
  double seconds = 0;         ///< the time they took
  double per_second = 0;
  double p50_us = 0; ///< RPC round trips only
  double p99_us = 0;
  cpu_split cpu;            ///< over `seconds`
  std::uint64_t failed = 0; ///< errors, timeouts, messages not received

  /// CPU seconds per message of the client and server, Redis excluded.
  double app_cpu_per_message() const {
    return messages == 0 ? 0 : (cpu.own + cpu.peer) / messages;
  }
};

struct scenario_result {
  std::string name; ///< "rpc/channel/64", "consume/list", ...
  std::string unit; ///< "RT/s" or "msg/s"
  bool has_latency = false;
  side_figures redactor;
  side_figures baseline;
  unsigned run = 1; ///< which of bench_results::runs
};

struct memory_result {
  engine::consumption_memory consumption;
  engine::pending_memory pending;
};

/// Where the run happened, for the report's header.
struct machine_info {
  std::string cpu;
  unsigned cores = 0;
  std::string kernel;
  std::string redis_version;
  bool own_redis = false;
  /// Both sides spoke TLS (rediss://).
  bool tls = false;
};

struct bench_results {
  machine_info machine;
  bool quick = false;
  /// How often every scenario ran; `scenarios` holds each run's results.
  unsigned runs = 1;
  std::vector<scenario_result> scenarios;
  std::optional<memory_result> memory;
};

} // namespace redactor::bench
