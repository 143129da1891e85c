// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "redactor/ack_policy.hpp"
#include "redactor/channel_sub.hpp"
#include "redactor/handler.hpp"
#include "redactor/list_sub.hpp"
#include "redactor/message.hpp"
#include "redactor/stream_sub.hpp"
#include "redactor/subscription_options.hpp"
#include "subscriptions/path_pattern.hpp"
#include "subscriptions/subscription_stats.hpp"

namespace redactor::subscriptions {

/// A subscription as the engine knows it, the one value a backend is
/// given: the descriptor as subscribed and validated, and what the engine
/// derives from it for the processing side, whatever its kind. Built once
/// by the broker.
struct subscription_spec {
  /// As subscribed, validated: what readers need beyond what follows
  /// (batch sizes, polling, where a stream read begins, dead letters).
  std::variant<channel_sub, list_sub, stream_sub> descriptor;
  source_kind kind = source_kind::channel;
  /// The channel (pattern), list or stream as subscribed.
  std::string name;
  /// `name`, as every message read tells it: one string for them all.
  std::shared_ptr<const std::string> shared_name;
  /// A channel pattern: messages come on many channels.
  bool pattern = false;
  /// A sharded channel (SSUBSCRIBE).
  bool sharded = false;
  /// For log lines: "list jobs", "stream orders group billing".
  std::string label;
  subscription_options common;
  /// Channels with `{name}` segments.
  std::optional<path_pattern> params;

  /// Channels: the name as Redis globs it, `{name}` segments as `*`.
  const std::string& channel_glob() const {
    return params ? params->glob() : name;
  }
  /// Lists: the end items are popped from, and given back to.
  list_end pop_from = list_end::left;
  /// Stream group reads that are acknowledged (a group, without NOACK).
  bool acks = false;
  std::string group;
  std::string consumer;
  ack_policy policy = ack_policy::manual;
  handler fn;
  /// Counted by the workers; shared, so the spec itself stays immutable.
  std::shared_ptr<subscription_stats> stats =
      std::make_shared<subscription_stats>();
};

using subscription_spec_ptr = std::shared_ptr<const subscription_spec>;

} // namespace redactor::subscriptions
