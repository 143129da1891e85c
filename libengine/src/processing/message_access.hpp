// SPDX-License-Identifier: MIT
#pragma once

#include "redactor/message.hpp"
#include "redis/inbound.hpp"
#include "subscriptions/subscription_spec.hpp"

namespace redactor::detail {

/// The engine's way into message's private fields.
struct message_access {
  /// Decodes `in` (FastStream's binary frame, legacy envelope or raw) into
  /// a message from the subscription `spec`.
  static message make(const redis::inbound& in, const subscription_spec& spec);
};

} // namespace redactor::detail
