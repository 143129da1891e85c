// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace redactor::redis {

/// What a connection reports for metrics and health: written on its loop
/// thread, read from any. Shared, so a reader may outlive the connection.
struct connection_stats {
  /// Ready: commands flow.
  std::atomic<bool> up{false};
  /// Times it became ready again after having been ready.
  std::atomic<std::uint64_t> reconnects{0};
  /// Commands held while the connection was down (or lost in flight) and
  /// sent once it was back (command_queue).
  std::atomic<std::uint64_t> resent{0};
  /// Commands of a reader that Redis answered with an error reply.
  std::atomic<std::uint64_t> refused{0};

  /// The server it last reached ("127.0.0.1:6379") and that server's role
  /// ("master", "replica", "sentinel"; "unknown" when ROLE was refused).
  struct node_info {
    std::string address;
    std::string role;
  };
  node_info node() const {
    std::lock_guard<std::mutex> guard{node_mtx_};
    return node_;
  }
  void set_node(node_info n) {
    std::lock_guard<std::mutex> guard{node_mtx_};
    node_ = std::move(n);
  }

 private:
  mutable std::mutex node_mtx_;
  node_info node_;
};

using connection_stats_ptr = std::shared_ptr<const connection_stats>;

} // namespace redactor::redis
