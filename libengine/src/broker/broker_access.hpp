// SPDX-License-Identifier: MIT
#pragma once

#include "broker/redis_backend.hpp"
#include "redactor/broker.hpp"

namespace redactor::detail {

/// The engine's way into a broker for the services built on it (the RPC
/// servers and clients), which need its connections, not just its API.
struct broker_access {
  /// Throws redactor::error (errc::invalid_argument) when `b` does not run
  /// on Redis (a testing::test_broker), naming `service`.
  static redis_backend& impl(broker& b, const char* service) {
    if (auto* on_redis = dynamic_cast<redis_backend*>(b.impl_.get()))
      return *on_redis;
    throw error{make_error(errc::invalid_argument,
                           std::string{service} +
                               " needs a broker on Redis, not the test "
                               "broker")};
  }
};

} // namespace redactor::detail
