// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/node_command.hpp"
#include "support/redis_server.hpp"

namespace redactor::test {

/// Three masters, each with `replicas` replicas (redis-cli --cluster
/// create --cluster-replicas), on loopback ports, for one test, with a one
/// second node timeout so that a failover takes a few seconds. Every node
/// agrees that the cluster is ok before the constructor returns. With
/// `pki`, every node also serves clients over TLS (the cluster bus and
/// the plain ports stay plain).
class redis_cluster {
 public:
  explicit redis_cluster(int replicas = 1, const test_pki* pki = nullptr);
  ~redis_cluster();

  redis_cluster(const redis_cluster&) = delete;
  redis_cluster& operator=(const redis_cluster&) = delete;

  /// redis-cluster://127.0.0.1:<first>,127.0.0.1:<second>
  std::string url() const;
  /// rediss-cluster://127.0.0.1:<first TLS port>,...: with a pki only.
  std::string tls_url() const;

  std::vector<std::unique_ptr<redis_server>>& nodes() { return nodes_; }
  redis_server& node(int port);

  /// Runs a command where its key lives, following MOVED answers: for
  /// tests that write or read keys behind the broker's back.
  node_reply command(const std::vector<std::string>& args) const;

  /// FLUSHALL on every master.
  void flush_all() const;

  /// The port of the master serving `slot` now, as a live node says.
  int master_of(std::uint16_t slot) const;
  /// The masters' ports, as a live node says.
  std::vector<int> masters() const;

  /// `count` key names, each served by another master in turn, starting
  /// with `prefix`.
  std::vector<std::string> keys_on_every_master(const std::string& prefix,
                                                std::size_t count) const;

  /// Moves `slot` with its keys to the master on `to_port`, as redis-cli
  /// --cluster reshard does: IMPORTING, MIGRATING, MIGRATE in batches,
  /// then SETSLOT NODE on both and the others. Throws on failure.
  void migrate_slot(std::uint16_t slot, int to_port);

  /// Waits until a live node reports every slot served by a master other
  /// than the one on `dead_port`, and the cluster ok; false on timeout.
  bool wait_for_failover(int dead_port, std::chrono::milliseconds timeout);

 private:
  /// A port of a node that answers.
  int live_port() const;
  /// The port the nodes name to each other: the TLS one with a pki.
  int client_port(const redis_server& n) const;

  bool tls_;
  std::vector<std::unique_ptr<redis_server>> nodes_;
};

} // namespace redactor::test
