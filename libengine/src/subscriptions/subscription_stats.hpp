// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>

#include "redactor/subscription_counts.hpp"

namespace redactor::subscriptions {

/// One subscription's counters, bumped by its workers without locks.
struct subscription_stats {
  std::atomic<std::uint64_t> received{0};
  std::atomic<std::uint64_t> handled{0};
  std::atomic<std::uint64_t> failed{0};
  std::atomic<std::uint64_t> undecodable{0};
  std::atomic<std::uint64_t> oversized{0};
  std::atomic<std::uint64_t> expired{0};
  std::atomic<std::uint64_t> refused_replies{0};
  std::atomic<std::uint64_t> lost_at_stop{0};
  std::atomic<std::uint64_t> dead_lettered{0};
  /// Messages handed to the subscription's actor and not yet handled.
  std::atomic<std::int64_t> backlog{0};
  /// Stream groups, sampled with XINFO GROUPS; -1: not known (yet).
  std::atomic<std::int64_t> stream_pending{-1};
  std::atomic<std::int64_t> stream_lag{-1};

  void count(bool succeeded) {
    (succeeded ? handled : failed).fetch_add(1, std::memory_order_relaxed);
  }

  subscription_counts snapshot() const {
    subscription_counts c;
    c.received = received.load();
    c.handled = handled.load();
    c.failed = failed.load();
    c.undecodable = undecodable.load();
    c.oversized = oversized.load();
    c.expired = expired.load();
    c.refused_replies = refused_replies.load();
    c.lost_at_stop = lost_at_stop.load();
    c.dead_lettered = dead_lettered.load();
    return c;
  }
};

} // namespace redactor::subscriptions
