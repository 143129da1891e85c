// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

namespace redactor::bench {

/// A timed RPC run: a warm-up, then the measured window. Only a request both
/// sent and answered inside the window counts, as in the perf anchors.
struct run_window {
  using clock = std::chrono::steady_clock;

  clock::time_point start;
  clock::time_point end;

  static run_window after(clock::duration warmup, clock::duration length) {
    auto start = clock::now() + warmup;
    return {start, start + length};
  }

  bool contains(clock::time_point sent, clock::time_point answered) const {
    return sent >= start && answered <= end;
  }

  double seconds() const {
    return std::chrono::duration<double>(end - start).count();
  }
};

} // namespace redactor::bench
