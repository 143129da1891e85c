// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>

#include <sys/types.h>

namespace redactor::bench {

/// CPU seconds (user + system) of this process, all threads (getrusage).
double own_cpu_seconds();

/// CPU seconds of another process (redis-server), from /proc/<pid>/stat in
/// clock ticks: 10 ms resolution, fine over windows of seconds.
double process_cpu_seconds(pid_t pid);

/// Resident set size of this process, from /proc/self/statm.
std::size_t own_rss_bytes();

/// CPU seconds used by each party of a measured run.
struct cpu_split {
  /// This process: the RPC client, the consumer or the publisher.
  double own = 0;
  /// The peer process: the RPC server. Zero when there is none.
  double peer = 0;
  /// redis-server; zero when it is not ours to watch (--url).
  double redis = 0;
};

/// Takes CPU readings at the start and the end of a measured run.
class cpu_meter {
 public:
  /// Either source may be empty.
  cpu_meter(std::function<double()> peer, std::function<double()> redis);

  void start();
  void stop();

  /// CPU used between start() and stop().
  cpu_split used() const;

 private:
  cpu_split read() const;

  std::function<double()> peer_;
  std::function<double()> redis_;
  cpu_split at_start_;
  cpu_split at_stop_;
};

} // namespace redactor::bench
