// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

namespace redactor::metrics {

using clock = std::chrono::steady_clock;

/// Seconds from `since` to now, as the duration histograms take them.
inline double seconds_since(clock::time_point since) {
  return std::chrono::duration<double>(clock::now() - since).count();
}

} // namespace redactor::metrics
