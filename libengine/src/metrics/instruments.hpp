// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace prometheus {
struct ClientMetric;
} // namespace prometheus

namespace redactor::metrics {

// Each instrument is bumped with relaxed atomics from any thread and read
// by a scrape; none takes a lock (prometheus::Histogram locks a mutex on
// every Observe, which would sit on the per-message path).

class counter {
 public:
  void add(std::uint64_t n = 1) noexcept {
    value_.fetch_add(n, std::memory_order_relaxed);
  }
  std::uint64_t value() const noexcept {
    return value_.load(std::memory_order_relaxed);
  }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class gauge {
 public:
  void add(std::int64_t n) noexcept {
    value_.fetch_add(n, std::memory_order_relaxed);
  }
  void set(std::int64_t v) noexcept {
    value_.store(v, std::memory_order_relaxed);
  }
  std::int64_t value() const noexcept {
    return value_.load(std::memory_order_relaxed);
  }

 private:
  std::atomic<std::int64_t> value_{0};
};

/// Upper bounds of a histogram's buckets, ascending, +Inf left implicit.
using bucket_bounds = std::vector<double>;

/// FastStream's buckets for received message sizes (bytes).
const bucket_bounds& size_buckets();
/// prometheus_client's default buckets, which FastStream uses for
/// durations (seconds).
const bucket_bounds& duration_buckets();

class histogram {
 public:
  /// `bounds` must outlive the histogram.
  explicit histogram(const bucket_bounds& bounds);

  void observe(double value) noexcept;

  /// Cumulative buckets, count and sum, as the text format wants them.
  void collect(prometheus::ClientMetric& out) const;

 private:
  const bucket_bounds& bounds_;
  /// One per bound plus +Inf; not cumulative.
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0.0};
};

} // namespace redactor::metrics
