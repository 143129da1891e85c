// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>

#include "redactor/request_counts.hpp"

namespace redactor::requests {

/// A broker's request counters: `pending` is reserved by the requesting
/// thread (so the cap holds before anything is sent) and released by the
/// reply router; the rest are bumped by the router alone.
struct request_stats {
  std::atomic<std::uint64_t> pending{0};
  std::atomic<std::uint64_t> replied{0};
  std::atomic<std::uint64_t> timed_out{0};
  std::atomic<std::uint64_t> refused{0};
  std::atomic<std::uint64_t> late_replies{0};

  /// Takes a pending slot unless `cap` are taken.
  bool reserve(std::uint64_t cap) {
    if (pending.fetch_add(1, std::memory_order_relaxed) < cap)
      return true;
    pending.fetch_sub(1, std::memory_order_relaxed);
    refused.fetch_add(1, std::memory_order_relaxed);
    return false;
  }

  void release() { pending.fetch_sub(1, std::memory_order_relaxed); }

  request_counts snapshot() const {
    return {pending.load(), replied.load(), timed_out.load(), refused.load(),
            late_replies.load()};
  }
};

} // namespace redactor::requests
