// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "redactor/destination.hpp"
#include "redactor/publish_options.hpp"
#include "subscriptions/subscription_handle.hpp"

namespace redactor::asyncapi {

/// A publisher as the document shows it.
struct documented_publisher {
  destination to;
  /// Its default content type; empty: not said.
  std::string content_type;
};

/// What a broker's AsyncAPI document lists: its subscriptions, while they
/// are neither unsubscribed nor gone with a stop, and the publishers made
/// with broker::make_publisher (one per destination). Thread-safe.
class catalogue {
 public:
  void add(std::weak_ptr<subscriptions::subscription_handle> sub);
  void add(const destination& to, const publish_options& defaults);

  /// The live subscriptions, in the order they were made.
  std::vector<std::shared_ptr<subscriptions::subscription_handle>>
  subscriptions() const;
  std::vector<documented_publisher> publishers() const;

 private:
  mutable std::mutex mtx_;
  mutable std::vector<std::weak_ptr<subscriptions::subscription_handle>> subs_;
  std::vector<documented_publisher> publishers_;
};

} // namespace redactor::asyncapi
