// SPDX-License-Identifier: MIT
#pragma once

// What the failover tests (Sentinel, Cluster) share: the traffic they run
// through a failover, and what they count of it (messages acknowledged but
// never delivered, delivered twice), and health in one line.

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "redactor/broker.hpp"
#include "support/collector.hpp"

namespace redactor::test {

/// Options for a broker that rides out a failover: publishes held for 20 s.
inline broker_options failover_options(const std::string& url) {
  broker_options opts;
  opts.connection = connection_options::from_url(url);
  opts.graceful_timeout = std::chrono::seconds{2};
  opts.publish_timeout = std::chrono::seconds{20};
  return opts;
}

/// Bodies of `wanted` that `got` never saw.
inline std::size_t missing(const collector& got,
                           const std::vector<std::string>& wanted) {
  auto bodies = got.bodies();
  std::set<std::string> seen(bodies.begin(), bodies.end());
  std::size_t n = 0;
  for (auto& w : wanted)
    n += seen.count(w) ? 0 : 1;
  return n;
}

/// How many bodies came more than once.
inline std::size_t duplicates(const std::vector<std::string>& bodies) {
  std::map<std::string, int> seen;
  std::size_t n = 0;
  for (auto& b : bodies)
    if (++seen[b] == 2)
      ++n;
  return n;
}

/// Publishes while a failover happens, from a thread of its own: to
/// `list` every 5 ms, and durably (min_replicas 1, replica_timeout 500 ms)
/// to `stream` every `durable_every`-th time, until stop().
class failover_traffic {
 public:
  /// What became of one kind of publish.
  struct outcome {
    std::vector<std::string> acked;
    std::size_t failed = 0;
    /// Neither acknowledged nor failed within the time given.
    std::size_t unfinished = 0;
  };

  failover_traffic(broker& b, std::string stream, std::string list,
                   int durable_every = 1)
      : thread_{[this, &b, stream, list, durable_every] {
          publish_options opts;
          opts.min_replicas = 1;
          opts.replica_timeout = std::chrono::milliseconds{500};
          for (int i = 0; !stop_; ++i) {
            if (i % durable_every == 0) {
              auto s = "s" + std::to_string(i);
              durable_.emplace_back(
                  s, b.publish(destination::stream(stream), s, opts));
            }
            auto l = "l" + std::to_string(i);
            plain_.emplace_back(l, b.publish(destination::list(list), l));
            std::this_thread::sleep_for(std::chrono::milliseconds{5});
          }
        }} {
    // nop
  }
  ~failover_traffic() { stop(); }
  failover_traffic(const failover_traffic&) = delete;
  failover_traffic& operator=(const failover_traffic&) = delete;

  void stop() {
    stop_ = true;
    if (thread_.joinable())
      thread_.join();
  }

  struct outcomes {
    outcome durable;
    outcome plain;
  };

  /// After stop(): what became of the durable and the plain publishes,
  /// each given until `within` from now to end.
  outcomes finish(std::chrono::seconds within) {
    auto deadline = std::chrono::steady_clock::now() + within;
    return {settle(durable_, deadline), settle(plain_, deadline)};
  }

 private:
  using sent =
      std::vector<std::pair<std::string, std::future<result<publish_result>>>>;

  static outcome settle(sent& all,
                        std::chrono::steady_clock::time_point deadline) {
    outcome out;
    for (auto& [body, f] : all) {
      if (f.wait_until(deadline) != std::future_status::ready)
        ++out.unfinished;
      else if (f.get())
        out.acked.push_back(body);
      else
        ++out.failed;
    }
    return out;
  }

  std::atomic<bool> stop_{false};
  sent durable_, plain_;
  std::thread thread_;
};

/// Health in one line, for failure messages.
inline std::string describe(const health_report& h) {
  std::string out = h.reason + " | master " + h.master;
  for (auto& c : h.connections)
    out += " | " + c.name + " " + c.node + " " + c.role + (c.up ? "" : " down");
  return out;
}

} // namespace redactor::test
