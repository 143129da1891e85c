// SPDX-License-Identifier: MIT
#pragma once

#include "metrics/registry.hpp"

namespace redactor::metrics {

/// Adds the process_* families every Prometheus client exports (CPU
/// seconds, resident and virtual memory, open and maximum file descriptors,
/// start time), read from /proc at each scrape, so that the standard
/// dashboards and alerts work on a Redactor service as on any other.
void add_process_metrics(registry& r);

} // namespace redactor::metrics
