// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "redis/inbound.hpp"

namespace redactor::subscriptions {

/// What a subscription actor asks of the place its messages come from, in
/// the engine's words: the actor decides, the source says it to Redis
/// (redis_source). Called on the I/O loop only.
class subscription_source {
 public:
  using clock = std::chrono::steady_clock;
  /// Runs once Redis answered: why it failed, or nothing.
  using outcome_fn = std::function<void(std::optional<std::string> failure)>;

  virtual ~subscription_source() = default;

  /// `n` more items may be read.
  virtual void grant(std::size_t n) = 0;

  /// Reads nothing new; `drained` runs once the read in flight has been
  /// handed over.
  virtual void stop_reading(std::function<void()> drained) = 0;

  /// Acknowledges stream entries `ids` for the subscription's group.
  virtual void acknowledge(std::vector<std::string> ids, outcome_fn done) = 0;

  /// Gives list items back to the end of the list they were popped from,
  /// to be popped again in their order; while Redis is away, tried until
  /// `deadline` (the command's usual one when none).
  virtual void give_back(redis::inbound_batch items,
                         std::optional<clock::time_point> deadline,
                         outcome_fn done) = 0;
};

} // namespace redactor::subscriptions
