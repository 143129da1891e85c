// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include "redactor/subscription_token.hpp"
#include "subscriptions/subscription_spec.hpp"

namespace redactor::subscriptions {

/// What a subscription_token controls: a subscription of a broker on Redis
/// (subscription) or of the test broker. Thread-safe.
class subscription_handle {
 public:
  virtual ~subscription_handle() = default;

  /// A graceful stop of just this subscription; idempotent.
  virtual void stop() = 0;

  /// Begins no further handler call: what is read from now on waits,
  /// unhandled, for stop(), which gives it back in read order. Any thread;
  /// does not wait.
  virtual void stop_taking() = 0;

  /// Taking messages: connected and reading, for a broker on Redis.
  virtual bool active() const = 0;

  /// Stopped, or stopping, for good.
  virtual bool stopped() const = 0;

  virtual const subscription_spec& spec() const noexcept = 0;
};

/// The engine's way into a token.
struct token_access {
  static subscription_token make(std::weak_ptr<subscription_handle> sub) {
    return subscription_token{std::move(sub)};
  }
  static std::shared_ptr<subscription_handle>
  handle(const subscription_token& token) {
    return token.sub_.lock();
  }
};

} // namespace redactor::subscriptions
