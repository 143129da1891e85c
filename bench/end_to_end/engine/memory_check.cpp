// SPDX-License-Identifier: MIT
#include "engine/memory_check.hpp"

#include <atomic>
#include <chrono>
#include <thread>

#include "cpu_usage.hpp"
#include "engine/engine_side.hpp"
#include "preload.hpp"
#include "redactor/broker.hpp"
#include "workload.hpp"

namespace redactor::bench::engine {
namespace {

/// Polls until `done` holds or `limit` passes; false on the latter.
template <class Predicate>
bool wait_for(Predicate done, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

} // namespace

consumption_memory measure_consumption(const std::string& url,
                                       const std::string& key,
                                       std::uint64_t round_size, int rounds) {
  consumption_memory out{round_size, rounds, 0, 0, true};
  std::atomic<std::uint64_t> handled{0};
  broker b{options_for(url)};
  list_sub sub{key};
  sub.max_records = 500;
  b.subscribe(std::move(sub), [&handled](const message&) {
    handled.fetch_add(1, std::memory_order_relaxed);
  });
  b.start();
  for (int round = 1; round <= rounds && out.complete; ++round) {
    preload(url, transport::list, key, round_size);
    out.complete =
        wait_for([&] { return handled.load() == round_size * round; },
                 std::chrono::seconds(60));
    if (round == 1)
      out.rss_after_first = own_rss_bytes();
  }
  out.rss_after_last = own_rss_bytes();
  b.stop();
  delete_key(url, key);
  return out;
}

pending_memory measure_pending(const std::string& url, const std::string& key,
                               std::size_t count) {
  auto options = options_for(url);
  options.max_pending_requests = count;
  broker b{options};
  b.start();
  auto to = destination::list(key);
  // One publish first, so state made on first use (buffers, metric series)
  // is not counted.
  b.publish(to, "warm-up").get().value();
  auto before = own_rss_bytes();
  for (std::size_t i = 0; i < count; ++i)
    b.request(to, message_body(), std::chrono::minutes(5), {},
              [](const result<message>&) {});
  // Requests leave in order on one connection: once this publish is
  // acknowledged, every request is in Redis, and each was handed to the
  // reply router before it left.
  b.publish(to, "fence").get().value();
  wait_for([&] { return b.requests().pending == count; },
           std::chrono::seconds(10));
  auto after = own_rss_bytes();
  b.stop();
  delete_key(url, key);
  return {count, (static_cast<double>(after) - static_cast<double>(before)) /
                     static_cast<double>(count)};
}

} // namespace redactor::bench::engine
