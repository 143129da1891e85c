// SPDX-License-Identifier: MIT
// Redactor's one-way consumers and publisher in the scenarios.
#include <atomic>
#include <condition_variable>
#include <mutex>

#include "engine/engine_side.hpp"
#include "engine/subscribe_to.hpp"

namespace redactor::bench::engine {
namespace {

using clock = run_window::clock;

/// Counts handled messages; the handler stops the CPU meter at the last.
class counter {
 public:
  counter(std::uint64_t expected, cpu_meter& cpu)
      : expected_(expected), cpu_(cpu) {}

  void count() {
    auto n = seen_.fetch_add(1, std::memory_order_relaxed) + 1;
    if (n == 1)
      first_ = clock::now();
    if (n == expected_) {
      last_ = clock::now();
      cpu_.stop();
      std::lock_guard<std::mutex> guard{mtx_};
      done_.notify_all();
    }
  }

  /// Waits for all messages, or until none came for the stall limit.
  flow_outcome wait() {
    std::uint64_t before = 0;
    auto progress = clock::now();
    std::unique_lock<std::mutex> lock{mtx_};
    while (!done_.wait_for(lock, std::chrono::milliseconds(100),
                           [this] { return seen_.load() >= expected_; })) {
      auto now_seen = seen_.load();
      if (now_seen != before) {
        before = now_seen;
        progress = clock::now();
      } else if (clock::now() - progress > consume_stall_limit) {
        cpu_.stop();
        return {now_seen, progress - first_};
      }
    }
    return {expected_, last_ - first_};
  }

 private:
  std::uint64_t expected_;
  cpu_meter& cpu_;
  std::atomic<std::uint64_t> seen_{0};
  clock::time_point first_;
  clock::time_point last_;
  std::mutex mtx_;
  std::condition_variable done_;
};

} // namespace

flow_outcome engine_side::consume(const std::string& url, transport t,
                                  const std::string& key, std::uint64_t count,
                                  cpu_meter& cpu,
                                  const std::function<void()>& on_ready) {
  counter seen{count, cpu};
  broker b{url};
  subscribe_to(b, t, key, 500, [&seen](const message&) { seen.count(); });
  cpu.start();
  b.start();
  on_ready();
  auto out = seen.wait();
  b.stop();
  return out;
}

flow_outcome engine_side::publish(const std::string& url, transport t,
                                  const std::string& key, std::uint64_t count,
                                  std::size_t outstanding, cpu_meter& cpu) {
  broker b{url};
  b.start();
  auto to = b.make_publisher(destination_of(t, key));
  std::mutex mtx;
  std::condition_variable room;
  std::uint64_t acked = 0;
  auto on_ack = [&](const result<publish_result>&) {
    std::lock_guard<std::mutex> guard{mtx};
    ++acked;
    room.notify_one();
  };
  cpu.start();
  auto start = clock::now();
  for (std::uint64_t sent = 0; sent < count; ++sent) {
    {
      std::unique_lock<std::mutex> lock{mtx};
      room.wait(lock, [&] { return sent - acked < outstanding; });
    }
    to.publish(message_body(), {}, on_ack);
  }
  std::unique_lock<std::mutex> lock{mtx};
  room.wait(lock, [&] { return acked == count; });
  cpu.stop();
  auto elapsed = clock::now() - start;
  lock.unlock();
  b.stop();
  return {count, elapsed};
}

} // namespace redactor::bench::engine
