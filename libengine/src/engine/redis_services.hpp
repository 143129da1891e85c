// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>

#include "redactor/log_sink.hpp"
#include "redis/command_gateway.hpp"
#include "redis/list_waiter.hpp"

namespace redactor::engine {

/// What the services built on a broker (the list RPC servers and clients)
/// may use of its Redis beyond the public API, and nothing more: raw
/// commands, and waiting on response lists. Offered only by a broker on
/// Redis (broker_backend::redis()).
class redis_services {
 public:
  virtual ~redis_services() = default;

  /// The command connection of the calling thread's I/O loop
  /// (redis::home_loop): any thread, completions on that loop. Asked per
  /// command by handlers, so that what they send goes out in order with
  /// their subscription's acknowledgements.
  virtual std::shared_ptr<redis::command_gateway> commands() const = 0;

  /// The broker's log sink, for failures nobody waits for.
  virtual const log_sink& log() const noexcept = 0;

  /// A new response list for a list RPC client (RedisRPC, JSON-RPC) of
  /// `queue`: "<queue>:rpc:<token>", on a cluster with this broker's hash
  /// tag after ":rpc:" (unless `queue` has a tag of its own), so that the
  /// lists one waiter waits on share a slot.
  virtual std::string response_list_name(const std::string& queue) const = 0;

  /// The waiter for response lists named like `list`, shared by this
  /// broker's clients on the calling thread's I/O loop (on a cluster, one
  /// per slot and loop); made on first use while running, closed by
  /// stop(). Null when the broker is not running.
  virtual std::shared_ptr<redis::list_waiter>
  response_lists(const std::string& list) = 0;
};

} // namespace redactor::engine
