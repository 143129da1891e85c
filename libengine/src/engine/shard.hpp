// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include "engine/runtime.hpp"
#include "requests/request_stats.hpp"
#include "requests/requester.hpp"

namespace redactor::engine {

/// One I/O loop of a broker (broker_options::io_threads) and what runs on
/// it: an actor system whose actors all run on that loop
/// (execution::loop_coordinator), the command connections, an outbox over
/// them for what its subscriptions and requester send (so a subscription's
/// replies keep their order with its acknowledgements, whichever thread
/// answers), the RPC inbox and its requester, and the subscriptions placed
/// there. Shards share the handler pool, the metrics, the monitor and the
/// request counts.
///
/// The actors of two shards never message each other: CAF runs an actor
/// woken from another actor on the waker's thread, which would be another
/// loop. Work crosses into a shard only by anon_send or io_loop::post.
class shard {
 public:
  /// `shared`: what every shard uses (pool, options, metrics, monitor,
  /// log); the rest of its runtime is its own.
  shard(std::size_t index, const runtime& shared,
        std::shared_ptr<requests::request_stats> stats);
  /// Stops the loop, then the actor system (after await_actors()).
  ~shard();

  shard(const shard&) = delete;
  shard& operator=(const shard&) = delete;

  const runtime& rt() const noexcept { return rt_; }
  /// Its place among the broker's shards, from 0.
  std::size_t index() const noexcept { return index_; }
  requests::requester& requester() noexcept { return *requester_; }

  /// `name` as health and metrics list it: with the shard's number after
  /// it ("commands#1"), from the second shard on.
  std::string label(const std::string& name) const;

  /// Blocks until every actor of the shard is done.
  void await_actors();

 private:
  std::size_t index_;
  std::unique_ptr<redis::io_loop> loop_;
  caf::actor_system_config config_;
  std::unique_ptr<caf::actor_system> system_;
  runtime rt_;
  std::unique_ptr<requests::requester> requester_;
};

} // namespace redactor::engine
