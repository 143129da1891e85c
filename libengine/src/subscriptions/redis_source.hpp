// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include "redis/command_gateway.hpp"
#include "redis/reader.hpp"
#include "subscriptions/subscription_source.hpp"
#include "subscriptions/subscription_spec.hpp"

namespace redactor::subscriptions {

/// A subscription actor's source on Redis: credit and stops go to its
/// reader, acknowledgements and give-backs to the command connection.
class redis_source final : public subscription_source {
 public:
  /// The reader is held weakly, so that the loop's own tasks always
  /// release it.
  redis_source(subscription_spec_ptr spec, std::weak_ptr<redis::reader> reader,
               redis::io_loop& loop,
               std::shared_ptr<redis::command_gateway> gateway);

  void grant(std::size_t n) override;
  void stop_reading(std::function<void()> drained) override;
  void acknowledge(std::vector<std::string> ids, outcome_fn done) override;
  void give_back(redis::inbound_batch items,
                 std::optional<clock::time_point> deadline,
                 outcome_fn done) override;

 private:
  subscription_spec_ptr spec_;
  std::weak_ptr<redis::reader> reader_;
  redis::io_loop& loop_;
  std::shared_ptr<redis::command_gateway> gateway_;
};

} // namespace redactor::subscriptions
