// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "redactor/log_sink.hpp"
#include "redis/connection.hpp"

namespace redactor::redis {

/// Waits for one value on each of many lists (RedisRPC response lists)
/// over one connection, in rounds: one script pops every list that has a
/// value (each round collects all that arrived meanwhile, so the cost per
/// value stays flat however many lists wait), and when none had one, a
/// single BLPOP naming every list waits for the next. A list added while
/// that BLPOP blocks interrupts it with CLIENT UNBLOCK, sent on a second,
/// control connection (one per burst of additions). Deadlines are kept in
/// order and swept every 10 ms, not a timer per list.
///
/// Threading: wait() and close() may be called from any thread; callbacks
/// run on the loop thread and must be short.
class list_waiter : public std::enable_shared_from_this<list_waiter> {
 public:
  using clock = std::chrono::steady_clock;
  /// The value popped, or errc::timeout / errc::connection_lost.
  using callback = std::function<void(result<std::string>)>;

  /// `to`: where the lists are (on a cluster, the slot they share).
  list_waiter(locator_ptr where, route to, log_sink log);
  ~list_waiter();

  void open();

  /// Fails every wait still pending with errc::connection_lost; later
  /// wait() calls fail at once.
  void close();

  /// On a cluster `key` must be in the slot of the waiter's route, since one
  /// command names every list waited on.
  void wait(std::string key, clock::time_point deadline, callback cb);

  /// Ends the wait on `key` with `why` (its request could not be sent).
  void fail(std::string key, error_info why);

  connection_stats_ptr blocking_stats() const noexcept {
    return blocking_stats_;
  }
  connection_stats_ptr control_stats() const noexcept { return control_stats_; }

 private:
  struct waiting {
    callback cb;
    clock::time_point deadline;
  };
  using deadline_index = std::multimap<clock::time_point, std::string>;

  void add(std::string key, clock::time_point deadline, callback cb);
  void on_state(connection_state s);
  /// Pops every list that has a value (one script), unless a command is in
  /// flight; blocks when none had one.
  void issue();
  /// BLPOP over every list waited on.
  void block();
  void sweep();
  /// One sweep timer at a time, while anything waits.
  void arm_sweep();
  void finish(const std::string& key, result<std::string> outcome);
  connection::reply_handler guarded(connection::reply_handler h);

  locator_ptr where_;
  route route_;
  io_loop& loop_;
  log_sink log_;
  /// Made by open() and gone after close(), both on the loop thread, so
  /// the waiter may outlive the loop.
  std::unique_ptr<connection> blocking_;
  std::unique_ptr<connection> control_;
  std::shared_ptr<connection_stats> blocking_stats_ =
      std::make_shared<connection_stats>();
  std::shared_ptr<connection_stats> control_stats_ =
      std::make_shared<connection_stats>();
  std::string block_seconds_;
  std::string client_id_;
  std::unordered_map<std::string, waiting> waiting_;
  /// waiting_'s keys by deadline, for the sweep.
  deadline_index deadlines_;
  bool ready_ = false;
  /// A round's command (the pop script or BLPOP) is in flight.
  bool busy_ = false;
  bool blocked_ = false;
  bool unblock_sent_ = false;
  bool sweeping_ = false;
  bool pop_refused_logged_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

  std::mutex mtx_;
  bool open_ = false;
};

} // namespace redactor::redis
