// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>

namespace redactor::metrics {

/// FastStream's `status` label values for processed messages.
enum class processing_status { acked, nacked, rejected, skipped, error };

constexpr std::size_t processing_status_count = 5;

constexpr const char* label(processing_status s) {
  constexpr const char* names[] = {"acked", "nacked", "rejected", "skipped",
                                   "error"};
  return names[static_cast<std::size_t>(s)];
}

} // namespace redactor::metrics
