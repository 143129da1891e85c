// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace redactor::redis {

/// One payload as a reader took it from Redis, before decoding.
struct inbound {
  std::string payload;
  /// Streams: the entry id.
  std::string id;
  /// Channels: the channel it was published to; empty when that is the
  /// subscribed channel itself (a subscription by name, not by pattern).
  std::string channel;
};

/// What one read returned; travels to the subscription actor in one message.
using inbound_batch = std::vector<inbound>;

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, inbound& x) {
  return f(x.payload, x.id, x.channel);
}

} // namespace redactor::redis
