// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "redactor/error.hpp"
#include "redactor/subscription_options.hpp"

namespace redactor {

/// The end of a list that a consumer pops.
enum class list_end {
  /// LEFT: first in, first out for producers that RPUSH (FastStream,
  /// RedisRPC, Redactor's publishers).
  left,
  /// RIGHT: first in, first out for producers that LPUSH (the JSON-RPC
  /// list convention, Celery's kombu, libjson-rpc-cpp).
  right,
};

/// A list consumer: BLMPOP ... LEFT (or RIGHT) COUNT max_records on a
/// connection of its own.
///
/// Delivery: an item is removed from the list when it is read, so it is
/// lost if this process dies before handling it (at most once). A graceful
/// stop() pushes items read but not yet handled back to the end they were
/// popped from, in their order. A handler that calls message::nack() gives
/// its item back to that end (once it returns), to be read again: by this
/// subscription, unless it stopped.
struct list_sub : subscription_options {
  std::string list;
  /// The end items are popped from (and given back to); match it to how
  /// the producers push, so that the oldest item is read first.
  list_end pop_from = list_end::left;
  /// Items read per call; a batch handler gets at most this many at once.
  std::size_t max_records = 10;
  /// How long one BLMPOP blocks in Redis when the list is empty; bounds how
  /// long stop() waits for a read to return. Must be shorter than
  /// connection_options::socket_timeout.
  std::chrono::milliseconds polling_interval{100};
  /// DEL the list once, before the first read: a work queue whose old
  /// requests are not worth running after a restart (what RedisRPC's Python
  /// and PHP servers do). Reconnects do not clear it again.
  bool clear_on_start = false;

  list_sub() = default;
  explicit list_sub(std::string list) : list(std::move(list)) {
    // nop
  }

  std::optional<error_info> validate() const;
};

} // namespace redactor
