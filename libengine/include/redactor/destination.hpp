// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>

namespace redactor {

/// Where a message goes: a Pub/Sub channel, a list or a stream.
struct destination {
  enum class kind { channel, list, stream };

  kind type = kind::channel;
  std::string name;
  /// Streams only: trim to about this many entries on every XADD
  /// (`MAXLEN ~ n`); 0 means no trimming.
  std::size_t maxlen = 0;
  /// Streams only: trim exactly (`MAXLEN = n`) instead of approximately.
  bool exact_trim = false;
  /// Channels only: SPUBLISH (sharded Pub/Sub, Redis 7), for subscribers
  /// with channel_sub::sharded. On a cluster the message travels only
  /// within the shard serving the channel's slot.
  bool sharded = false;

  static destination channel(std::string name) {
    return {kind::channel, std::move(name), 0, false};
  }
  static destination sharded_channel(std::string name) {
    return {kind::channel, std::move(name), 0, false, true};
  }
  static destination list(std::string name) {
    return {kind::list, std::move(name), 0, false};
  }
  static destination stream(std::string name, std::size_t maxlen = 0,
                            bool exact_trim = false) {
    return {kind::stream, std::move(name), maxlen, exact_trim};
  }
};

} // namespace redactor
