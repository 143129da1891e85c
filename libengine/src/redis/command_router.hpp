// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>

#include "redis/command_queue.hpp"

namespace redactor::redis {

/// Sends each command to the server that must run it, over a command_queue
/// per server. Outside a cluster that is one queue to the master. On a
/// cluster it is one queue per master, opened at first use, and each
/// command goes to the master serving its key's slot
/// (cluster::command_slot): a MOVED answer updates the slot map and sends
/// the command again where it now belongs, ASK sends it once to the
/// importing node behind ASKING, TRYAGAIN and CLUSTERDOWN send it again
/// after a backoff, all until the command's deadline; commands held for a
/// master that is no longer one (failed over) go to the new owner of their
/// slot. None of these reaches the command's handler while the cluster
/// can serve it.
///
/// Threading: loop thread only, like command_queue.
class command_router {
 public:
  using clock = io_loop::clock;
  using state_handler = command_queue::state_handler;
  /// Told of each queue made, for health and metrics: its stats, and on a
  /// cluster the master it is for.
  using queue_watcher =
      std::function<void(connection_stats_ptr, const std::optional<address>&)>;

  command_router(locator_ptr where, state_handler on_state, bool resend_lost,
                 queue_watcher watch);
  ~command_router();

  command_router(const command_router&) = delete;
  command_router& operator=(const command_router&) = delete;

  /// Connects: the master outside a cluster, else reads the slot map
  /// (reported through on_state as the first connection's would be).
  void open();

  /// Fails everything held and closes every connection.
  void close();

  void send(command_job_ptr j);

  /// PINGs every connection that is up; `done` runs once all answered
  /// (replies come in order: so is everything sent before).
  void drain(clock::time_point deadline, std::function<void()> done);

 private:
  command_queue& queue_for(const address& node);
  std::unique_ptr<command_queue> make_queue(const route& to);
  /// Cluster: a redirect or a busy cluster; true if the job was taken.
  bool redirect(const command_job_ptr& j, const reply& error,
                const address& from);
  /// Cluster: forward() after `delay`.
  void forward_later(command_job_ptr j, std::chrono::milliseconds delay);
  /// Cluster: sends `j` to the master serving its slot, once one is known,
  /// or fails it at its deadline.
  void forward(command_job_ptr j);
  /// Cluster: the slot map changed.
  void on_change();

  locator_ptr where_;
  io_loop& loop_;
  state_handler on_state_;
  bool resend_lost_;
  queue_watcher watch_;
  /// Outside a cluster: the one queue.
  std::unique_ptr<command_queue> single_;
  /// Cluster: per master.
  std::map<address, std::unique_ptr<command_queue>> nodes_;
  /// Cluster: jobs waiting to be routed again, by their timer.
  std::map<io_loop::timer_id, command_job_ptr> later_;
  locator::listener_id change_listener_ = 0;
  bool closed_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace redactor::redis
