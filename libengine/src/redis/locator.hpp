// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cluster/topology.hpp"
#include "redactor/connection_options.hpp"
#include "redactor/log_sink.hpp"
#include "redactor/result.hpp"
#include "redis/address.hpp"
#include "redis/io_loop.hpp"

namespace redactor::redis {

class connection;

/// Which server a connection is for. Outside a cluster every route leads
/// to the one master.
struct route {
  /// Cluster: the master serving this slot; none: any master.
  std::optional<std::uint16_t> slot;
  /// Cluster: exactly this node (a command connection per master).
  std::optional<address> node;
};

/// What a locator reports for health and metrics: written on the loop
/// thread, read from any.
struct locator_stats {
  /// Master changes seen: +switch-master, a new address found after the
  /// old one turned out to be a replica, or (cluster) a replica promoted.
  std::atomic<std::uint64_t> failovers{0};
  /// Sentinel: a master is known; cluster: every slot has a master.
  std::atomic<bool> master_known{false};
  /// Cluster: MOVED and ASK answers taken, slot maps read.
  std::atomic<std::uint64_t> moved{0};
  std::atomic<std::uint64_t> asked{0};
  std::atomic<std::uint64_t> topology_reads{0};
};

/// Finds the Redis server each of a broker's connections goes to:
/// - the fixed address of connection_options;
/// - with connection_options::sentinel, the master the Sentinels name. It
///   asks each Sentinel in turn, keeps the answer until a connection
///   reports that it was not the master, and listens to +switch-master on
///   one Sentinel, so that a failover moves every connection at once
///   rather than on its next error;
/// - with connection_options::cluster, the master serving a route's slot,
///   from the slot map it reads from the nodes in turn (CLUSTER SHARDS,
///   else CLUSTER SLOTS), and reads again on MOVED, when a connection
///   fails, and every cluster_options::refresh_interval.
/// Whenever the answer may have changed it tells the on_change listeners,
/// which ask again where their route leads.
///
/// Threading: loop thread only, except stats() and master_text(). One per
/// broker, shared by its connections.
class locator : public std::enable_shared_from_this<locator> {
 public:
  using found_handler = std::function<void(result<address>)>;
  using change_handler = std::function<void()>;
  using listener_id = std::uint64_t;

  locator(io_loop& loop, connection_options options, log_sink log = {});
  ~locator();

  locator(const locator&) = delete;
  locator& operator=(const locator&) = delete;

  io_loop& loop() const noexcept { return loop_; }
  const connection_options& options() const noexcept { return options_; }
  bool via_sentinel() const noexcept { return options_.sentinel.enabled(); }
  bool via_cluster() const noexcept { return options_.cluster.enabled(); }

  /// Calls `found` with the address `to` leads to: at once when it is
  /// fixed or known, else once the Sentinels or the cluster answered (or
  /// all failed).
  void locate(const route& to, found_handler found);

  /// Where `to` leads as far as known now, without asking.
  std::optional<address> current(const route& to) const;
  /// Whether a connection on `at` may stay there for `to` (on a cluster,
  /// any master will do for a route without a slot).
  bool serves(const route& to, const address& at) const;

  /// A connection found the server at `at` not to be the master (ROLE,
  /// READONLY) or lost it: the next locate() asks again.
  void not_master(const address& at);

  /// Cluster: a MOVED answer said `slot` is served by `at` now; an ASK
  /// answer is only counted.
  void moved(std::uint16_t slot, const address& at);
  void asked() noexcept;

  /// Cluster: the masters serving slots, as far as known.
  std::vector<address> masters() const;

  listener_id on_change(change_handler changed);
  void forget(listener_id id);

  /// Stops asking and watching; fails pending locate()s.
  void close();

  std::shared_ptr<const locator_stats> stats() const noexcept { return stats_; }

  /// For /healthz: the master's address (or the cluster's shape), or why
  /// none is known.
  std::string master_text() const;

 private:
  struct waiting {
    route to;
    found_handler found;
  };

  /// Asks the node at `index` of this round's candidates, then the next,
  /// until one answers; `failures` collects why the others did not.
  void ask(std::size_t index, std::string failures);
  void ask_sentinel(std::size_t index);
  void ask_cluster(std::size_t index, bool shards);
  /// The node at `index` did not answer: on to the next.
  void ask_next(std::size_t index, const std::string& why);
  /// This round's answer: the master a Sentinel named (the Sentinel at
  /// `index` is then watched), or the cluster's slot map.
  void answered(address master, std::size_t index);
  void answered(cluster::topology map);
  /// Every node of this round failed.
  void unanswered(const std::string& failures);
  /// Serves the locate() calls waiting for this round.
  void serve_waiting();
  /// Asks again, unless already asking.
  void refresh();
  void arm_periodic_refresh();
  /// Tells every listener.
  void changed();
  /// Sentinel: a new master, counted and logged.
  void moved_to(const address& master);
  /// Subscribes to +switch-master on the Sentinel at `index`.
  void watch(std::size_t index);
  void on_switch(const std::string& payload);
  void set_master(std::optional<address> master);
  void set_topology(cluster::topology map);
  connection_options asking_options(const address& at, bool sentinel) const;

  io_loop& loop_;
  connection_options options_;
  log_sink log_;
  std::shared_ptr<locator_stats> stats_ = std::make_shared<locator_stats>();
  bool closed_ = false;
  std::optional<address> master_;
  /// The last master known, to tell a failover from a rediscovery.
  std::optional<address> last_master_;
  /// Cluster: the slot map, once read.
  std::optional<cluster::topology> topology_;
  /// The nodes asked in this round, and why those asked so far failed.
  std::vector<address> candidates_;
  std::string failures_;
  /// +switch-master announcements taken, and their count when the current
  /// round of asking began.
  std::uint64_t switches_ = 0;
  std::uint64_t asked_in_ = 0;
  /// The last round of asking found no answer (and said so).
  bool unanswered_ = false;
  /// locate() calls waiting for the answer being asked for.
  std::vector<waiting> waiting_;
  std::unique_ptr<connection> asking_;
  std::unique_ptr<connection> watching_;
  std::size_t watched_index_ = 0;
  io_loop::timer_id rewatch_timer_ = 0;
  io_loop::timer_id refresh_timer_ = 0;
  /// Cluster: when the last round of asking began, and the timer of the
  /// round put off until it is far enough behind.
  io_loop::clock::time_point last_round_{};
  io_loop::timer_id spacing_timer_ = 0;
  std::map<listener_id, change_handler> listeners_;
  listener_id next_listener_ = 1;
  mutable std::mutex text_mtx_;
  std::string master_text_ = "no master known yet";
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

using locator_ptr = std::shared_ptr<locator>;

} // namespace redactor::redis
