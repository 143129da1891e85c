// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "publishing/outbox.hpp"
#include "redactor/broker_options.hpp"
#include "redactor/destination.hpp"
#include "redactor/publisher.hpp"
#include "redis/command_router.hpp"

namespace redactor::detail {

/// The thread-safe front of the shared command connections: publishes,
/// acknowledgements and list push-backs from other threads collect in one
/// batch that crosses to the I/O loop in a single hand-off; those from the
/// loop thread itself (actors, inline handlers, callbacks) are queued at
/// once. All are pipelined (one write per loop turn and connection) and
/// routed by redis::command_router (one connection, or one per cluster
/// master). Commands from one thread keep their order per connection.
/// Durable publishes (publish_options::min_replicas) and their WAITs go on
/// connections of their own, opened at the first one, so that a WAIT holds
/// up no other command; they keep their order among themselves, not with
/// the rest. Once closed, every call fails at once with
/// errc::connection_lost and the loop is never touched again, so
/// publishers may outlive the broker.
class command_gateway final : public outbox {
 public:
  using reply_handler = redis::connection::reply_handler;

  command_gateway(redis::locator_ptr where, const broker_options& options);

  /// Connects; the callbacks run on the I/O thread: `on_state` with the
  /// command connections' states, the watchers with each connection made.
  void open(redis::command_router::state_handler on_state,
            redis::command_router::queue_watcher commands,
            redis::command_router::queue_watcher durable);

  /// Waits up to `timeout` for every command issued so far to be answered,
  /// then closes the connection, failing whatever is still held.
  void close(std::chrono::milliseconds timeout);

  /// Runs one command; the handler runs on the I/O thread (may be empty).
  /// While Redis is away the command is held and sent again until
  /// publish_timeout from now, or until `deadline`.
  void command(std::vector<std::string> args, reply_handler handler);
  void command(std::vector<std::string> args,
               redis::io_loop::clock::time_point deadline,
               reply_handler handler);

 protected:
  /// PUBLISH, RPUSH or XADD on the command connection.
  void send(const destination& to, std::vector<std::string> frames,
            const publish_options& options, publish_callback callback) override;

 private:
  struct pending_command {
    redis::command_job_ptr job;
    /// On the durable publishes' connections.
    bool durable = false;
  };

  /// Queues `c` on the loop thread: at once from there, else in the batch.
  void submit(pending_command c);
  /// Loop thread: hands the batch from other threads to the routers.
  void drain();
  /// Loop thread: the router `c` goes to, opening the durable one at first
  /// use.
  redis::command_router& router_for(const pending_command& c);
  /// A write and its WAIT.
  void send_durable(const destination& to, std::vector<std::string> frames,
                    const publish_options& options, publish_callback callback);

  redis::locator_ptr where_;
  redis::io_loop& loop_;
  std::chrono::milliseconds deadline_;
  bool resend_lost_;
  std::unique_ptr<redis::command_router> router_;
  std::unique_ptr<redis::command_router> durable_router_;
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

} // namespace redactor::detail
