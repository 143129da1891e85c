// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>

namespace redactor::redis {

/// A number of the calling thread's own, counted from 0 in the order
/// threads first ask.
inline std::size_t thread_ticket() {
  static std::atomic<std::size_t> threads_seen{0};
  thread_local const std::size_t ticket = threads_seen++;
  return ticket;
}

/// Which of `count` I/O loops work from the calling thread goes to:
/// the calling loop's own (`on_loop(k)` says whether this thread runs loop
/// k), so that nothing crosses threads; from any other thread one fixed per
/// thread, so that what a thread sends keeps its order, and threads spread
/// evenly over the loops.
template <class OnLoop>
std::size_t home_loop(std::size_t count, OnLoop on_loop) {
  if (count <= 1)
    return 0;
  for (std::size_t k = 0; k < count; ++k)
    if (on_loop(k))
      return k;
  return thread_ticket() % count;
}

} // namespace redactor::redis
