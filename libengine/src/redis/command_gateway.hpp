// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "redactor/broker_options.hpp"
#include "redis/command_router.hpp"

namespace redactor::redis {

/// The thread-safe front of the shared command connections: publishes,
/// acknowledgements and list push-backs from other threads collect in one
/// batch that crosses to the I/O loop in a single hand-off; those from the
/// loop thread itself (actors, inline handlers, callbacks) are queued at
/// once. All are pipelined (one write per loop turn and connection) and
/// routed by command_router (one connection, or one per cluster
/// master). Commands from one thread keep their order per connection.
/// Durable commands (a write and its WAIT, see durable_command) go on
/// connections of their own, opened at the first one, so that a WAIT holds
/// up no other command; they keep their order among themselves, not with
/// the rest. Once closed, every call fails at once with errc::not_running
/// and the loop is never touched again, so publishers may outlive the
/// broker.
class command_gateway final {
 public:
  using reply_handler = connection::reply_handler;

  command_gateway(locator_ptr where, const broker_options& options);

  /// Connects; the callbacks run on the I/O thread: `on_state` with the
  /// command connections' states, the watchers with each connection made.
  void open(command_router::state_handler on_state,
            command_router::queue_watcher commands,
            command_router::queue_watcher durable);

  /// Waits up to `timeout` for every command issued so far to be answered,
  /// then closes the connection, failing whatever is still held.
  void close(std::chrono::milliseconds timeout);

  /// Runs one command; the handler runs on the I/O thread (may be empty).
  /// While Redis is away the command is held and sent again until
  /// publish_timeout from now, or until `deadline`.
  void command(std::vector<std::string> args, reply_handler handler);
  void command(std::vector<std::string> args,
               io_loop::clock::time_point deadline, reply_handler handler);
  /// As command(), with `done` (a callable taking result<reply>) kept in
  /// the command itself: for the publish path, where each wrapped handler
  /// is an allocation that the I/O thread frees.
  template <class Done>
  void command_with(std::vector<std::string> args, Done done) {
    auto job = std::make_shared<command_job_for<Done>>(std::move(done));
    job->args = std::move(args);
    job->deadline = io_loop::clock::now() + deadline_;
    submit({std::move(job)});
  }

  /// Runs `args` and then `follow_up` back to back on the durable
  /// commands' connections, moved as one when held or redirected: the
  /// follow-up (a WAIT) sees the replication of exactly that write.
  void durable_command(std::vector<std::string> args,
                       std::vector<std::string> follow_up,
                       reply_handler on_reply, reply_handler on_follow_up);

  /// The connections' socket_timeout: a WAIT must end before it.
  std::chrono::milliseconds socket_timeout() const;

  /// Whether the calling thread works for this gateway's I/O loop
  /// (io_loop::serves_this_thread). Compares addresses only: publishers
  /// may ask after the loop is gone.
  bool serves_this_thread() const noexcept {
    return io_loop::serving_scope::captured() == &loop_;
  }

 private:
  struct pending_command {
    command_job_ptr job;
    /// On the durable commands' connections.
    bool durable = false;
  };

  /// Queues `c` on the loop thread: at once from there, else in the batch.
  void submit(pending_command c);
  /// Loop thread: hands the batch from other threads to the routers.
  void drain();
  /// Loop thread: the router `c` goes to, opening the durable one at first
  /// use.
  command_router& router_for(const pending_command& c);

  locator_ptr where_;
  io_loop& loop_;
  std::chrono::milliseconds deadline_;
  bool resend_lost_;
  std::unique_ptr<command_router> router_;
  std::unique_ptr<command_router> durable_router_;
  /// Loop thread only.
  bool durable_opened_ = false;
  mutable std::mutex mtx_;
  bool open_ = false;
  /// Whether open() ever ran: a closed gateway says "not started" or
  /// "stopped" accordingly.
  bool opened_before_ = false;
  /// From other threads, waiting for drain(); guarded by mtx_.
  std::vector<pending_command> batch_;
};

} // namespace redactor::redis
