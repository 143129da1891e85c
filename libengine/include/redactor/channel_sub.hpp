// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

#include "redactor/error.hpp"
#include "redactor/subscription_options.hpp"

namespace redactor {

/// A Pub/Sub subscription: SUBSCRIBE, or PSUBSCRIBE for a pattern.
///
/// Delivery is at most once, as Pub/Sub is: messages published while the
/// connection is down are lost. After a reconnect the channel is subscribed
/// again. Redis pushes messages as they come; a slow handler lets them
/// queue in memory.
struct channel_sub : subscription_options {
  /// A channel name, or a pattern: `*` and `?` as in PSUBSCRIBE, and `{name}`
  /// segments, which match like `*` and are handed to the handler as
  /// message::path_param("name").
  std::string channel;
  /// PSUBSCRIBE even without `*` or `{}` in the name.
  bool pattern = false;
  /// SSUBSCRIBE (sharded Pub/Sub, Redis 7): receives what
  /// destination::sharded_channel publishers send (SPUBLISH), not PUBLISH.
  /// On a cluster the subscription lives on the master serving the
  /// channel's slot and follows it. No patterns.
  bool sharded = false;

  channel_sub() = default;
  explicit channel_sub(std::string channel) : channel(std::move(channel)) {
    // nop
  }

  /// True when this subscribes with PSUBSCRIBE.
  bool is_pattern() const;

  /// Why this descriptor cannot be used, if it cannot.
  std::optional<error_info> validate() const;
};

} // namespace redactor
