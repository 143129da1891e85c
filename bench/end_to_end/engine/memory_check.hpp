// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace redactor::bench::engine {

/// Resident memory while one list subscription consumes round after round.
struct consumption_memory {
  std::uint64_t round_size = 0;
  int rounds = 0;
  std::size_t rss_after_first = 0; ///< bytes, after round 1
  std::size_t rss_after_last = 0;  ///< bytes, after the last round
  bool complete = false;           ///< every message was handled
};

/// Fills a list with `round_size` messages `rounds` times, each once the
/// broker's subscription has handled the previous round, and reads RSS
/// after the first and the last round. A leak per message shows as growth.
consumption_memory measure_consumption(const std::string& url,
                                       const std::string& key,
                                       std::uint64_t round_size, int rounds);

/// RSS growth per request waiting for its reply: `count` requests to a list
/// nobody reads, each with a long timeout.
struct pending_memory {
  std::size_t requests = 0;
  double bytes_per_request = 0;
};

pending_memory measure_pending(const std::string& url, const std::string& key,
                               std::size_t count);

} // namespace redactor::bench::engine
