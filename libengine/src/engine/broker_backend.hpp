// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "asyncapi/catalogue.hpp"
#include "metrics/engine_metrics.hpp"
#include "processing/outbox.hpp"
#include "redactor/broker_options.hpp"
#include "redactor/channel_sub.hpp"
#include "redactor/health_report.hpp"
#include "redactor/list_sub.hpp"
#include "redactor/message.hpp"
#include "redactor/request_counts.hpp"
#include "redactor/stream_sub.hpp"
#include "redactor/subscription_token.hpp"
#include "subscriptions/subscription_spec.hpp"

namespace redactor::engine {

class redis_services;

/// What a broker runs on: Redis (redis_backend), or the test broker's
/// in-process router (memory_backend). The broker checks each
/// descriptor and builds its subscription_spec; the backend delivers.
/// Both run messages through message_processor and publish through an
/// outbox, so handlers see the same thing on either. Thread-safe, with
/// broker's contract.
class broker_backend {
 public:
  virtual ~broker_backend() = default;

  /// Starts reading now if running, else at start().
  virtual subscription_token
  subscribe(subscriptions::subscription_spec_ptr spec) = 0;

  virtual void start() = 0;
  virtual void stop() = 0;
  virtual bool running() const = 0;

  /// See broker::request.
  virtual void request(const destination& to, std::string_view body,
                       std::chrono::milliseconds timeout,
                       publish_options options,
                       std::function<void(result<message>)> callback) = 0;
  virtual request_counts requests() const = 0;

  virtual const broker_options& options() const noexcept = 0;
  virtual metrics::engine_metrics& metrics() noexcept = 0;
  /// Where publishers send.
  virtual std::shared_ptr<processing::outbox> publishing() const = 0;
  /// HOST:PORT of /metrics while served, else empty.
  virtual std::string metrics_address() const = 0;
  virtual health_report health() const = 0;
  /// Runs what waits to be delivered, on the calling thread, where
  /// delivery needs that (the test broker); Redis delivers on its own.
  virtual void deliver_pending() {}
  /// What the list RPC services need of Redis beyond the public API; null
  /// where there is no Redis (the test broker).
  virtual redis_services* redis() noexcept { return nullptr; }

  /// What broker::asyncapi() documents; the broker records into it.
  asyncapi::catalogue& catalogue() noexcept { return catalogue_; }

 private:
  asyncapi::catalogue catalogue_;
};

} // namespace redactor::engine
