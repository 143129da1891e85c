// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace redactor {

/// Whether a broker is doing its work: running, its command connection and
/// RPC inbox up, every subscription connected and reading, and (Sentinel)
/// a master known.
struct health_report {
  bool healthy = false;
  /// Why not, in a few words ("list jobs: not reading"); "ok" when healthy.
  std::string reason;

  /// Where each Redis connection is.
  struct connection {
    /// "commands", "rpc-inbox", a subscription's label.
    std::string name;
    /// The server it is on, or last reached ("127.0.0.1:6379").
    std::string node;
    /// That server's role: "master", "replica", "unknown" (ROLE refused).
    std::string role;
    bool up = false;
  };
  std::vector<connection> connections;
  /// With Sentinel: the master's address and name, or why none is known;
  /// on a cluster: its masters and replicas and whether every slot is
  /// served.
  std::string master;
};

} // namespace redactor
