// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/broker_backend.hpp"
#include "engine/engine_monitor.hpp"
#include "engine/redis_services.hpp"
#include "engine/shard.hpp"
#include "execution/handler_pool.hpp"
#include "metrics/engine_metrics.hpp"
#include "metrics/http_endpoint.hpp"
#include "redactor/subscription_token.hpp"
#include "redis/list_waiter.hpp"
#include "requests/request_stats.hpp"
#include "subscriptions/subscription.hpp"

namespace redactor::engine {

/// The broker on Redis: owns the shards (each an I/O loop with its actor
/// system, command connections and RPC inbox), the handler pool and the
/// subscriptions, and runs their lifecycle.
class redis_backend final : public broker_backend, public redis_services {
 public:
  explicit redis_backend(broker_options options);
  ~redis_backend() override;

  subscription_token
  subscribe(subscriptions::subscription_spec_ptr spec) override;

  void start() override;
  void stop() override;
  bool running() const override;

  void request(const destination& to, std::string_view body,
               std::chrono::milliseconds timeout, publish_options options,
               std::function<void(result<message>)> callback) override;

  request_counts requests() const override {
    return request_stats_->snapshot();
  }

  const broker_options& options() const noexcept override { return options_; }
  metrics::engine_metrics& metrics() noexcept override { return *metrics_; }
  std::shared_ptr<processing::outbox> publishing() const override {
    return outbox_;
  }
  std::string metrics_address() const override;
  health_report health() const override { return monitor_.health(); }

  redis_services* redis() noexcept override { return this; }

  // -- redis_services
  std::shared_ptr<redis::command_gateway> commands() const override {
    return home_shard().rt().gateway;
  }
  const log_sink& log() const noexcept override { return options_.log; }
  std::string response_list_name(const std::string& queue) const override;
  std::shared_ptr<redis::list_waiter>
  response_lists(const std::string& list) override;

 private:
  enum class phase { created, running, stopped };

  /// A subscription and the shard it runs on.
  struct placed_subscription {
    std::shared_ptr<subscriptions::subscription> sub;
    shard* home = nullptr;
  };

  subscription_token
  add(subscriptions::subscription_spec_ptr spec,
      subscriptions::subscription::reader_factory make_reader);
  /// How each kind of subscription reads.
  subscriptions::subscription::reader_factory
  reader_for(const channel_sub& sub,
             const subscriptions::subscription_spec& spec) const;
  subscriptions::subscription::reader_factory
  reader_for(const list_sub& sub,
             const subscriptions::subscription_spec& spec) const;
  subscriptions::subscription::reader_factory
  reader_for(const stream_sub& sub,
             const subscriptions::subscription_spec& spec) const;

  /// Opens `s`'s command connections; the future says when they are
  /// ready, or holds the first connection error.
  std::future<std::optional<error_info>> open_commands(shard& s);
  /// Waits for each start future, then throws the first error.
  void
  await_started(std::vector<std::future<std::optional<error_info>>>& started);
  void stop_locked();
  /// Stops every subscription at once and waits for them.
  void stop_subscriptions();
  /// Where a new subscription goes: the shard running the fewest (the
  /// first of those alike), so that new subscriptions fill the shards
  /// that unsubscribes emptied. Drops the closed ones from subs_. Under
  /// mtx_.
  shard& quietest_shard();
  /// The shard serving the calling thread (redis::home_loop).
  shard& home_shard() const;
  /// The first shard: the HTTP endpoint and stream sampling run there.
  shard& first_shard() const { return *shards_.front(); }
  /// Serves /metrics and /healthz when metrics_options::listen says so.
  void start_http();
  /// Samples stream groups now and every sample_interval until stop.
  void start_stream_sampling();
  /// Loop thread: one sample, and the timer for the next.
  void sample_streams();

  broker_options options_;
  /// Shared with the outboxes, which publishers may keep past the broker.
  std::shared_ptr<metrics::engine_metrics> metrics_;
  std::shared_ptr<requests::request_stats> request_stats_ =
      std::make_shared<requests::request_stats>();
  engine_monitor monitor_;
  /// Torn down by the destructor in this order: every shard's actors (on
  /// their loops), the pool, the shards (each its loop, then its actor
  /// system).
  std::unique_ptr<execution::handler_pool> pool_;
  std::vector<std::unique_ptr<shard>> shards_;
  /// broker::publish and publishers: through the calling thread's shard
  /// (redis::home_loop).
  std::shared_ptr<processing::outbox> outbox_;

  mutable std::mutex mtx_;
  phase phase_ = phase::created;
  /// Every subscription not yet unsubscribed, those unsubscribed since the
  /// last subscribe, and those still stopping then.
  std::vector<placed_subscription> subs_;
  /// By shard and slot; outside a cluster, one per shard under slot 0.
  std::map<std::pair<std::size_t, std::uint16_t>,
           std::shared_ptr<redis::list_waiter>>
      response_lists_;
  /// Cluster: "{redactor-rpc-<token>}", the hash tag of response lists.
  std::string response_tag_;
  /// Guarded by mtx_; its callbacks never take mtx_ (see engine_monitor).
  std::unique_ptr<metrics::http_endpoint> http_;
  /// Loop thread only.
  redis::io_loop::timer_id sample_timer_ = 0;
};

} // namespace redactor::engine
