// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include "redactor/subscription_counts.hpp"

namespace redactor {

namespace subscriptions {
class subscription_handle;
struct subscription_stats;
struct token_access;
} // namespace subscriptions

/// A handle on one subscription. Dropping it does not unsubscribe: the
/// subscription runs until unsubscribe() or broker::stop(). Move-only.
class subscription_token {
 public:
  subscription_token() = default;

  subscription_token(subscription_token&&) noexcept = default;
  subscription_token& operator=(subscription_token&&) noexcept = default;
  subscription_token(const subscription_token&) = delete;
  subscription_token& operator=(const subscription_token&) = delete;

  /// Stops this subscription gracefully, as broker::stop() does for all;
  /// no handler of it runs after this returns. Idempotent; thread-safe,
  /// but must not be called from one of this subscription's own handlers.
  void unsubscribe();

  /// True while the subscription is reading.
  bool active() const;

  /// What it did so far; the final counts once it stopped, also after the
  /// broker is gone. All zero for a default-constructed token.
  subscription_counts counts() const;

 private:
  friend struct subscriptions::token_access; // the engine makes and reads them

  explicit subscription_token(
      std::weak_ptr<subscriptions::subscription_handle> sub);

  std::weak_ptr<subscriptions::subscription_handle> sub_;
  /// Outlives the subscription, so the counts survive a stop.
  std::shared_ptr<const subscriptions::subscription_stats> stats_;
};

} // namespace redactor
