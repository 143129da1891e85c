// SPDX-License-Identifier: MIT
// Redactor's one-way consumers and publisher in the scenarios.
#include <condition_variable>
#include <mutex>

#include "engine/engine_side.hpp"
#include "engine/subscribe_to.hpp"
#include "flow_tally.hpp"

namespace redactor::bench::engine {
namespace {

using clock = run_window::clock;

} // namespace

flow_outcome engine_side::consume(const std::string& url, transport t,
                                  const std::string& key, std::uint64_t count,
                                  cpu_meter& cpu,
                                  const std::function<void()>& on_ready) {
  flow_tally seen{count, cpu};
  broker b{options_for(url)};
  subscribe_to(b, t, key, 500, [&seen](const message&) { seen.add(1); });
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
  broker b{options_for(url)};
  b.start();
  auto to = b.make_publisher(destination_of(t, key));
  std::mutex mtx;
  std::condition_variable room;
  std::uint64_t acked = 0; // answered, successfully or not
  std::uint64_t failed = 0;
  auto on_ack = [&](const result<publish_result>& r) {
    std::lock_guard<std::mutex> guard{mtx};
    ++acked;
    failed += r ? 0 : 1;
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
  return {count - failed, elapsed};
}

} // namespace redactor::bench::engine
