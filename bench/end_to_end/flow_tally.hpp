// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "cpu_usage.hpp"
#include "side.hpp"

namespace redactor::bench {

/// A consumer's count: times the first to the last message and stops the
/// CPU meter at the last. One thread counts (a handler, a poll loop); one
/// thread watches, which may be the same.
class flow_tally {
 public:
  using clock = std::chrono::steady_clock;

  flow_tally(std::uint64_t expected, cpu_meter& cpu)
      : expected_(expected), cpu_(cpu), progress_(clock::now()) {}

  /// Counts `n` more messages.
  void add(std::uint64_t n) {
    if (n == 0)
      return;
    auto now = clock::now();
    auto before = seen_.load(std::memory_order_relaxed);
    if (before == 0)
      first_ = now;
    last_ = now;
    seen_.store(before + n, std::memory_order_release);
    if (before + n >= expected_) {
      cpu_.stop();
      finished_.store(true, std::memory_order_release);
    }
  }

  bool done() const { return finished_.load(std::memory_order_acquire); }

  /// True once nothing was counted for consume_stall_limit (the watcher).
  bool stalled() {
    auto seen = seen_.load(std::memory_order_acquire);
    auto now = clock::now();
    if (seen != seen_at_progress_) {
      seen_at_progress_ = seen;
      progress_ = now;
      return false;
    }
    return now - progress_ > consume_stall_limit;
  }

  /// Polls until done or stalled (the watcher, on its own thread).
  flow_outcome wait() {
    while (!done() && !stalled())
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return outcome();
  }

  /// What was counted; once done() or stalled().
  flow_outcome outcome() {
    if (done())
      return {seen_.load(std::memory_order_acquire), last_ - first_};
    cpu_.stop();
    auto seen = seen_.load(std::memory_order_acquire);
    return {seen, seen == 0 ? clock::duration{} : progress_ - first_};
  }

 private:
  std::uint64_t expected_;
  cpu_meter& cpu_;
  std::atomic<std::uint64_t> seen_{0};
  std::atomic<bool> finished_{false};
  clock::time_point first_;
  clock::time_point last_;
  std::uint64_t seen_at_progress_ = 0;
  clock::time_point progress_;
};

} // namespace redactor::bench
