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

/// Which of `count` I/O loops work from the calling thread goes to: the
/// one it works for (`serves(k)`: it runs loop k, or runs a handler loop k
/// handed over, see io_loop::serving_scope), so that nothing crosses
/// threads and a subscription's output keeps its order with its
/// acknowledgements; from any other thread one fixed per thread, so that
/// what a thread sends keeps its order, and threads spread evenly over
/// the loops.
template <class Serves>
std::size_t home_loop(std::size_t count, Serves serves) {
  if (count <= 1)
    return 0;
  for (std::size_t k = 0; k < count; ++k)
    if (serves(k))
      return k;
  return thread_ticket() % count;
}

} // namespace redactor::redis
