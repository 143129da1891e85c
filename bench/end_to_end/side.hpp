// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cpu_usage.hpp"
#include "latency_recorder.hpp"
#include "peer_process.hpp"
#include "run_window.hpp"
#include "workload.hpp"

namespace redactor::bench {

/// What an RPC client saw inside the measured window.
struct rpc_outcome {
  latency_recorder latencies; ///< one per answered request
  std::uint64_t failed = 0;   ///< errors and timeouts, all of the run
};

/// What a consumer or publisher did between its first and last message.
struct flow_outcome {
  std::uint64_t messages = 0;
  std::chrono::steady_clock::duration elapsed{};
};

/// One way of doing each scenario's work: through Redactor, or through the
/// raw hiredis baseline. The scenarios run the same calls on both.
class side {
 public:
  virtual ~side() = default;

  /// "redactor" or "baseline".
  virtual std::string_view name() const = 0;

  /// Serves requests arriving on `key` over `t`, replying to each one's
  /// reply channel, until `control` says stop. Runs in a peer process.
  virtual void serve_rpc(const std::string& url, transport t,
                         const std::string& key, peer_control& control) = 0;

  /// First sends `waiting` requests to the list `waiting_key(key)`, which
  /// nobody reads, so that they wait for their replies through the whole
  /// run, and calls `open_window` once they are all in Redis. Then keeps
  /// `outstanding` requests to `key` in flight until the window ends, and
  /// waits for their last replies.
  virtual rpc_outcome
  call_rpc(const std::string& url, transport t, const std::string& key,
           std::size_t outstanding, std::size_t waiting,
           const std::function<run_window()>& open_window) = 0;

  /// Consumes `count` messages from `key` (a list or stream filled before,
  /// or a channel fed once `on_ready` has run). Starts `cpu` when ready
  /// and stops it at the last message; gives up after 5 s with nothing new.
  virtual flow_outcome consume(const std::string& url, transport t,
                               const std::string& key, std::uint64_t count,
                               cpu_meter& cpu,
                               const std::function<void()>& on_ready) = 0;

  /// Publishes one_way_frame()-sized messages to `key`, `count` times, with
  /// at most `outstanding` unacknowledged; `cpu` runs from the first send
  /// to the last acknowledgement.
  virtual flow_outcome publish(const std::string& url, transport t,
                               const std::string& key, std::uint64_t count,
                               std::size_t outstanding, cpu_meter& cpu) = 0;
};

/// Both sides, Redactor first.
const std::vector<side*>& both_sides();

/// The side called `name`; null when there is none.
side* side_named(std::string_view name);

/// How long a consumer waits for the next message before giving up.
inline constexpr std::chrono::seconds consume_stall_limit{5};

} // namespace redactor::bench
