// SPDX-License-Identifier: MIT
#pragma once

#include "broker/broker_impl.hpp"
#include "redactor/broker.hpp"

namespace redactor::detail {

/// The engine's way into a broker for the services built on it (the RPC
/// servers and clients), which need its connections, not just its API.
struct broker_access {
  static broker_impl& impl(broker& b) { return *b.impl_; }
};

} // namespace redactor::detail
