// SPDX-License-Identifier: MIT
#pragma once

#include "engine/broker_backend.hpp"
#include "engine/redis_services.hpp"
#include "redactor/broker.hpp"

namespace redactor::engine {

/// The engine's way into a broker for the services built on it (the RPC
/// servers and clients), which need its Redis, not just its API.
struct broker_access {
  /// Throws redactor::error (errc::invalid_argument) when `b` does not run
  /// on Redis (a testing::test_broker), naming `service`.
  static redis_services& redis(broker& b, const char* service) {
    if (auto* on_redis = b.impl_->redis())
      return *on_redis;
    throw error{make_error(errc::invalid_argument,
                           std::string{service} +
                               " needs a broker on Redis, not the test "
                               "broker")};
  }
};

} // namespace redactor::engine
