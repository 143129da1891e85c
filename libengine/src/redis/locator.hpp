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
#include <vector>

#include "redactor/connection_options.hpp"
#include "redactor/log_sink.hpp"
#include "redactor/result.hpp"
#include "redis/address.hpp"
#include "redis/io_loop.hpp"

namespace redactor::redis {

class connection;

/// What a locator reports for health and metrics: written on the loop
/// thread, read from any.
struct locator_stats {
  /// Master changes seen (+switch-master, or a new address found after the
  /// old one turned out to be a replica).
  std::atomic<std::uint64_t> failovers{0};
  /// Sentinel: whether a master is known.
  std::atomic<bool> master_known{false};
};

/// Finds the Redis server a broker's connections go to: the fixed address
/// of connection_options, or (connection_options::sentinel) the master the
/// Sentinels name. With Sentinel it asks each Sentinel in turn, keeps the
/// answer until a connection reports that it was not the master, and
/// listens to +switch-master on one Sentinel, so that a failover moves
/// every connection at once rather than on its next error.
///
/// Threading: loop thread only, except stats(). One per broker, shared by
/// its connections.
class locator : public std::enable_shared_from_this<locator> {
 public:
  using found_handler = std::function<void(result<address>)>;
  using move_handler = std::function<void(const address& master)>;
  using listener_id = std::uint64_t;

  locator(io_loop& loop, connection_options options, log_sink log = {});
  ~locator();

  locator(const locator&) = delete;
  locator& operator=(const locator&) = delete;

  io_loop& loop() const noexcept { return loop_; }
  const connection_options& options() const noexcept { return options_; }
  bool via_sentinel() const noexcept { return options_.sentinel.enabled(); }

  /// Calls `found` with the master's address: at once when it is fixed or
  /// known, else once a Sentinel answered (or all failed).
  void locate(found_handler found);

  /// A connection found the server at `at` not to be the master (ROLE,
  /// READONLY): the next locate() asks the Sentinels again.
  void not_master(const address& at);

  /// `moved` runs whenever the Sentinels announce a new master.
  listener_id on_move(move_handler moved);
  void forget(listener_id id);

  /// Stops asking and watching the Sentinels; fails pending locate()s.
  void close();

  std::shared_ptr<const locator_stats> stats() const noexcept { return stats_; }

  /// For /healthz: the master's address, or why none is known.
  std::string master_text() const;

 private:
  /// Asks the Sentinel at `index`, then the next, until one names the
  /// master; `failures` collects why the others did not.
  void ask(std::size_t index, std::string failures);
  void found(result<address> master, std::size_t sentinel_index);
  /// Asks the Sentinels again, unless already asking.
  void refresh();
  /// A new master: counted, logged, and every listener told.
  void moved_to(const address& master);
  /// Subscribes to +switch-master on the Sentinel at `index`.
  void watch(std::size_t index);
  void on_switch(const std::string& payload);
  void set_master(std::optional<address> master);
  connection_options sentinel_options(std::size_t index) const;

  io_loop& loop_;
  connection_options options_;
  log_sink log_;
  std::shared_ptr<locator_stats> stats_ = std::make_shared<locator_stats>();
  bool closed_ = false;
  std::optional<address> master_;
  /// The last master known, to tell a failover from a rediscovery.
  std::optional<address> last_master_;
  /// +switch-master announcements taken, and their count when the current
  /// round of asking began.
  std::uint64_t switches_ = 0;
  std::uint64_t asked_in_ = 0;
  /// The last round of asking found no master (and said so).
  bool unanswered_ = false;
  /// Sentinel: locate() calls waiting for the answer being asked for.
  std::vector<found_handler> waiting_;
  std::unique_ptr<connection> asking_;
  std::unique_ptr<connection> watching_;
  std::size_t watched_index_ = 0;
  io_loop::timer_id rewatch_timer_ = 0;
  std::map<listener_id, move_handler> listeners_;
  listener_id next_listener_ = 1;
  mutable std::mutex text_mtx_;
  std::string master_text_ = "no master known yet";
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

using locator_ptr = std::shared_ptr<locator>;

} // namespace redactor::redis
