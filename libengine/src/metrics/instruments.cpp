// SPDX-License-Identifier: MIT
#include "metrics/instruments.hpp"

#include <algorithm>
#include <limits>

#include <prometheus/client_metric.h>

namespace redactor::metrics {

const bucket_bounds& size_buckets() {
  static const bucket_bounds bounds{16,      64,      256,     1024,
                                    4096,    16384,   65536,   262144,
                                    1048576, 4194304, 16777216};
  return bounds;
}

const bucket_bounds& duration_buckets() {
  static const bucket_bounds bounds{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25,
                                    0.5,   0.75, 1.0,   2.5,  5.0,   7.5, 10.0};
  return bounds;
}

histogram::histogram(const bucket_bounds& bounds)
    : bounds_(bounds), counts_(std::make_unique<std::atomic<std::uint64_t>[]>(
                           bounds.size() + 1)) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i)
    counts_[i].store(0, std::memory_order_relaxed);
}

void histogram::observe(double value) noexcept {
  // Buckets are upper-inclusive (le), as in the text format.
  auto i = static_cast<std::size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) -
      bounds_.begin());
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  auto sum = sum_.load(std::memory_order_relaxed);
  while (!sum_.compare_exchange_weak(sum, sum + value,
                                     std::memory_order_relaxed)) {
    // sum was reloaded; try again
  }
}

void histogram::collect(prometheus::ClientMetric& out) const {
  auto& h = out.histogram;
  h.bucket.clear();
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    prometheus::ClientMetric::Bucket b;
    b.cumulative_count = total;
    b.upper_bound = i < bounds_.size()
                        ? bounds_[i]
                        : std::numeric_limits<double>::infinity();
    h.bucket.push_back(b);
  }
  h.sample_count = total;
  h.sample_sum = sum_.load(std::memory_order_relaxed);
}

} // namespace redactor::metrics
