// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "redactor/ack_policy.hpp"
#include "redactor/error.hpp"
#include "redactor/subscription_options.hpp"

namespace redactor {

/// A stream consumer, on a connection of its own.
///
/// Without a group: XREAD BLOCK from `last_id` ("$": entries added after
/// start), following the last id read. Nothing is acknowledged.
///
/// With `group` and `consumer`: XGROUP CREATE ... MKSTREAM at start
/// (BUSYGROUP is fine), then this consumer's own pending entries (left by a
/// previous run) are read again, then new ones with XREADGROUP `>`.
/// Delivery is at least once: handlers must be idempotent. Entries are
/// acknowledged per `policy`, one XACK per batch. If the group disappears
/// (Redis restarted without data), it is created again from the start of
/// the stream, so entries added since are not missed.
struct stream_sub : subscription_options {
  std::string stream;
  /// Group and consumer go together: both or neither.
  std::string group;
  std::string consumer;
  /// Without a group: where to start reading ("$" when empty). With a
  /// group: where XGROUP CREATE starts a new group ("$" when empty; "0"
  /// consumes the backlog).
  std::string last_id;
  /// Entries per read (COUNT); a batch handler gets at most this many.
  std::size_t max_records = 10;
  /// How long one read blocks in Redis (BLOCK); bounds how long stop()
  /// waits for a read to return. Must be shorter than
  /// connection_options::socket_timeout.
  std::chrono::milliseconds polling_interval{100};
  /// XREADGROUP ... NOACK: entries are never pending, nothing is acked.
  bool no_ack = false;
  ack_policy policy = ack_policy::reject_on_error;
  /// Group only: entries pending this long in any consumer of the group (a
  /// crashed one's) are claimed with XAUTOCLAIM and handled here. 0: off.
  std::chrono::milliseconds min_idle_time{0};
  /// Group only: an entry delivered more often than this is moved to the
  /// dead-letter stream and acked instead of being handled again, in one
  /// script. The entry is copied field for field as Redis holds it (its
  /// payload byte for byte, whatever it is), followed by the fields
  /// x-dead-letter-reason, x-original-stream, x-original-group and
  /// x-original-id; a Redactor subscription on the dead-letter stream thus
  /// receives the original message. 0: no limit. Needs min_idle_time for
  /// entries left pending by this consumer to come back.
  unsigned max_deliveries = 0;
  /// Empty: "<stream>:dead-letter"; on Redis Cluster "{<stream>}:dead-letter"
  /// unless the stream's name has a hash tag, so that both share a slot
  /// (the move is one script). A name given on a cluster must share the
  /// stream's slot too: subscribe refuses it otherwise.
  std::string dead_letter_stream;

  stream_sub() = default;
  explicit stream_sub(std::string stream) : stream(std::move(stream)) {
    // nop
  }
  stream_sub(std::string stream, std::string group, std::string consumer)
      : stream(std::move(stream)), group(std::move(group)),
        consumer(std::move(consumer)) {
    // nop
  }

  bool has_group() const noexcept { return !group.empty(); }

  std::optional<error_info> validate() const;
};

} // namespace redactor
