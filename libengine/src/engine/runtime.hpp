// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include "processing/outbox.hpp"
#include "redactor/broker_options.hpp"
#include "redis/command_gateway.hpp"

namespace caf {
class actor_system;
} // namespace caf

namespace redactor::metrics {
class engine_metrics;
} // namespace redactor::metrics

namespace redactor::execution {
class handler_pool;
} // namespace redactor::execution

namespace redactor::engine {

class engine_monitor;

/// The broker's shared machinery, as a subscription needs it.
struct runtime {
  caf::actor_system* system = nullptr;
  redis::io_loop* loop = nullptr;
  /// Where the Redis connections go.
  redis::locator_ptr locator;
  /// Runs blocking handlers.
  execution::handler_pool* pool = nullptr;
  /// The command connections.
  std::shared_ptr<redis::command_gateway> gateway;
  /// Publishing: redis_outbox over the gateway.
  std::shared_ptr<processing::outbox> outbox;
  const broker_options* options = nullptr;
  /// Shared: the outboxes keep it alive for publishers that outlive the
  /// broker.
  std::shared_ptr<metrics::engine_metrics> metrics;
  engine_monitor* monitor = nullptr;
  log_sink log;
};

} // namespace redactor::engine
