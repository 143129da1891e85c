// SPDX-License-Identifier: MIT
#include "preload.hpp"

#include <algorithm>
#include <vector>

#include "baseline/commands.hpp"

namespace redactor::bench {

void preload(const std::string& url, transport t, const std::string& key,
             std::uint64_t count) {
  constexpr std::uint64_t chunk = 1000;
  baseline::raw_connection c{url};
  std::vector<std::string_view> push{"RPUSH", key};
  push.resize(2 + chunk, one_way_frame());
  std::uint64_t queued = 0;
  std::uint64_t done = 0;
  while (done < count) {
    // A few commands in flight keep the socket busy without a huge buffer.
    while (queued < count && queued - done < 8 * chunk) {
      auto n = std::min(chunk, count - queued);
      if (t == transport::list) {
        push.resize(2 + n);
        c.append(push);
      } else {
        for (std::uint64_t i = 0; i < n; ++i)
          baseline::append_send(c, t, key, one_way_frame());
      }
      queued += n;
    }
    baseline::pump({&c}, 1000);
    while (auto r = c.next_reply())
      done += t == transport::list ? std::min(chunk, count - done) : 1;
  }
  if (t == transport::stream)
    baseline::run_command(url, {"XGROUP", "CREATE", key, group_name, "0"});
}

void delete_key(const std::string& url, const std::string& key) {
  baseline::run_command(url, {"DEL", key});
}

} // namespace redactor::bench
