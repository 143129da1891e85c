// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace redactor::bench {

/// The round-trip times of one run. Not thread-safe: one recorder per
/// thread that records, merged at the end.
class latency_recorder {
 public:
  void reserve(std::size_t n) { samples_.reserve(n); }

  void add(std::chrono::steady_clock::duration d) {
    samples_.push_back(
        std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
  }

  std::size_t count() const noexcept { return samples_.size(); }

  /// The q-quantile (0..1) in microseconds; 0 without samples.
  double quantile_us(double q);

 private:
  std::vector<std::int64_t> samples_;
  bool sorted_ = false;
};

} // namespace redactor::bench
