// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include "publishing/command_gateway.hpp"
#include "redactor/broker_options.hpp"

namespace caf {
class actor_system;
} // namespace caf

namespace redactor::metrics {
class engine_metrics;
} // namespace redactor::metrics

namespace redactor::execution {
class handler_pool;
} // namespace redactor::execution

namespace redactor::detail {

class engine_monitor;

/// The broker's shared machinery, as a subscription needs it.
struct runtime {
  caf::actor_system* system = nullptr;
  redis::io_loop* loop = nullptr;
  /// Where the Redis connections go.
  redis::locator_ptr locator;
  /// Runs blocking handlers.
  execution::handler_pool* pool = nullptr;
  std::shared_ptr<command_gateway> gateway;
  const broker_options* options = nullptr;
  metrics::engine_metrics* metrics = nullptr;
  engine_monitor* monitor = nullptr;
  log_sink log;
};

} // namespace redactor::detail
