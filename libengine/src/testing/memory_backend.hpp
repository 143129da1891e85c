// SPDX-License-Identifier: MIT
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/broker_backend.hpp"
#include "processing/message_access.hpp"
#include "redactor/testing/test_broker.hpp"
#include "requests/pending_requests.hpp"
#include "testing/memory_router.hpp"

namespace redactor::testing {

/// The test broker's backend: subscriptions on a memory_router, requests
/// answered through its reply inbox, and the handler failures that
/// run_until_idle() reports. Everything runs on the thread that calls
/// run_until_idle() or request().
class memory_backend final : public engine::broker_backend {
 public:
  explicit memory_backend(broker_options options);
  ~memory_backend() override;

  subscription_token
  subscribe(subscriptions::subscription_spec_ptr spec) override;

  void start() override { router_->start(); }
  void stop() override;
  bool running() const override { return router_->running(); }

  /// Sends, runs until idle, and completes with the reply, else with
  /// errc::timeout at once: nothing is left that could answer.
  void request(const destination& to, std::string_view body,
               std::chrono::milliseconds timeout, publish_options options,
               std::function<void(result<message>)> callback) override;
  request_counts requests() const override { return stats_->snapshot(); }

  const broker_options& options() const noexcept override { return options_; }
  metrics::engine_metrics& metrics() noexcept override { return metrics_; }
  std::shared_ptr<processing::outbox> publishing() const override {
    return router_;
  }
  std::string metrics_address() const override { return {}; }
  health_report health() const override;

  /// Runs the queued deliveries; handler failures wait for
  /// run_until_idle() to report them.
  void deliver_pending() override { drain(); }
  /// See test_broker::run_until_idle.
  std::size_t run_until_idle(handler_errors errors);

  memory_router& router() noexcept { return *router_; }

 private:
  struct failure {
    std::string correlation_id;
    std::exception_ptr error;
  };

  /// Runs queued deliveries until none is left.
  std::size_t drain();
  void on_reply(redis::inbound reply);
  /// What `decide` returns, called under the lock; what the table decides
  /// runs after it, since a request's callback may make requests itself.
  template <class Decide>
  auto locked(Decide&& decide);

  broker_options options_;
  metrics::engine_metrics metrics_;
  std::shared_ptr<requests::request_stats> stats_ =
      std::make_shared<requests::request_stats>();
  std::string inbox_;
  /// Where replies say they were read: the inbox, one string for all.
  processing::message_source replies_from_ =
      processing::message_source::named(source_kind::channel, inbox_);
  std::shared_ptr<memory_router> router_;

  std::mutex mtx_;
  /// The same table as the reply router's, so the test broker matches
  /// replies, late ones and timeouts as a broker on Redis does.
  requests::pending_requests pending_{stats_};
  std::uint64_t reply_channels_made_ = 0;
  std::vector<failure> failures_;
};

} // namespace redactor::testing
