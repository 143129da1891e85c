// SPDX-License-Identifier: MIT
#pragma once

#include <ostream>
#include <string>

#include "results.hpp"

namespace redactor::bench {

/// The table, a row at a time as scenarios finish: throughput of each side
/// and their ratio (Redactor / baseline; above 1 is Redactor faster),
/// latency quantiles of RPC rows, and each side's CPU per message (client +
/// server, Redis excluded) with its ratio (below 1 is Redactor cheaper).
void print_header(std::ostream& out, const machine_info& machine, bool quick);
void print_row(std::ostream& out, const scenario_result& r);
void print_memory(std::ostream& out, const memory_result& m);
/// Per scenario over all runs: the median of each figure, with the range
/// of the two ratios.
void print_summary(std::ostream& out, const bench_results& results);

/// The same figures as JSON, with Redis's CPU too, written to `path`.
void write_json(const std::string& path, const bench_results& results);

} // namespace redactor::bench
