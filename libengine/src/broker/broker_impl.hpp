// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include "actors/request_stats.hpp"
#include "broker/runtime.hpp"
#include "broker/subscription.hpp"
#include "redactor/subscription_token.hpp"
#include "redis/list_waiter.hpp"

namespace redactor::detail {

/// Owns the actor system, the Redis I/O loop, the shared command connection
/// and the subscriptions, and runs their lifecycle.
class broker_impl {
 public:
  explicit broker_impl(broker_options options);
  ~broker_impl();

  subscription_token add(subscription_spec_ptr spec,
                         subscription::reader_factory make_reader);

  void start();
  void stop();
  bool running() const;

  void request(const destination& to, std::string_view body,
               std::chrono::milliseconds timeout, publish_options options,
               std::function<void(result<message>)> callback);

  request_counts requests() const { return request_stats_->snapshot(); }

  const broker_options& options() const noexcept { return options_; }

  const std::shared_ptr<command_gateway>& gateway() const noexcept {
    return rt_.gateway;
  }

  /// The waiter for RedisRPC response lists, shared by this broker's
  /// clients; made on first use while running, closed by stop(). Null when
  /// the broker is not running.
  std::shared_ptr<redis::list_waiter> response_lists();

 private:
  enum class phase { created, running, stopped };

  /// Waits for each start future, then throws the first error.
  void
  await_started(std::vector<std::future<std::optional<error_info>>>& started);
  void stop_locked();
  /// Spawns the reply router and subscribes its inbox; the future says
  /// when replies can arrive.
  std::future<std::optional<error_info>> start_inbox();

  broker_options options_;
  caf::actor_system_config config_;
  std::unique_ptr<caf::actor_system> system_;
  std::unique_ptr<redis::io_loop> loop_;
  runtime rt_;

  mutable std::mutex mtx_;
  phase phase_ = phase::created;
  std::vector<std::shared_ptr<subscription>> subs_;
  /// The RPC inbox: its channel, reader (on the loop) and router actor.
  std::string inbox_;
  std::shared_ptr<redis::reader> inbox_reader_;
  caf::actor router_;
  std::shared_ptr<redis::list_waiter> response_lists_;
  std::shared_ptr<actors::request_stats> request_stats_ =
      std::make_shared<actors::request_stats>();
};

} // namespace redactor::detail
