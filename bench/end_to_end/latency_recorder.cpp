// SPDX-License-Identifier: MIT
#include "latency_recorder.hpp"

#include <algorithm>
#include <cmath>

namespace redactor::bench {

double latency_recorder::quantile_us(double q) {
  if (samples_.empty())
    return 0;
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  // Nearest rank, as the perf anchors report them.
  auto rank = static_cast<std::size_t>(
      std::ceil(q * static_cast<double>(samples_.size())));
  auto i = std::min(samples_.size() - 1, rank == 0 ? 0 : rank - 1);
  return static_cast<double>(samples_[i]) / 1e3;
}

} // namespace redactor::bench
