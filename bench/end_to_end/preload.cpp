// SPDX-License-Identifier: MIT
#include "preload.hpp"

#include <algorithm>
#include <thread>
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

bool wait_for_list_length(const std::string& url, const std::string& key,
                          std::size_t count, std::chrono::seconds timeout) {
  auto give_up = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < give_up) {
    auto r = baseline::run_command(url, {"LLEN", key});
    if (r && r->type == REDIS_REPLY_INTEGER &&
        static_cast<std::size_t>(r->integer) >= count)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void delete_key(const std::string& url, const std::string& key) {
  baseline::run_command(url, {"DEL", key});
}

} // namespace redactor::bench
