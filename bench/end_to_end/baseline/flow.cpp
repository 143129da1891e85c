// SPDX-License-Identifier: MIT
// The baseline's one-way consumers and publisher.
#include "baseline/baseline_side.hpp"
#include "baseline/commands.hpp"
#include "baseline/raw_connection.hpp"
#include "flow_tally.hpp"

namespace redactor::bench::baseline {
namespace {

using clock = run_window::clock;

flow_outcome consume_list(const std::string& url, const std::string& key,
                          flow_tally& count) {
  raw_connection c{url};
  auto read = [&] { append_list_read(c, key, "500"); };
  read();
  while (!count.done() && !count.stalled()) {
    pump({&c}, 100);
    while (auto r = c.next_reply()) {
      if (r->type == REDIS_REPLY_ARRAY)
        count.add(r->element[1]->elements);
      if (!count.done())
        read();
    }
  }
  return count.outcome();
}

flow_outcome consume_stream(const std::string& url, const std::string& key,
                            flow_tally& count) {
  raw_connection c{url};
  auto read = [&] { append_group_read(c, key, "500"); };
  std::vector<std::string_view> ack;
  read();
  while (!count.done() && !count.stalled()) {
    pump({&c}, 100);
    while (auto r = c.next_reply()) {
      if (r->type == REDIS_REPLY_INTEGER) // XACK
        continue;
      if (r->type == REDIS_REPLY_ARRAY) {
        auto* entries = r->element[0]->element[1];
        append_ack(c, key, entries, ack);
        count.add(entries->elements);
      }
      if (!count.done())
        read();
    }
  }
  // The last XACK, so the group is settled as Redactor leaves it.
  while (c.has_output())
    pump({&c}, 100);
  return count.outcome();
}

flow_outcome consume_channel(const std::string& url, const std::string& key,
                             flow_tally& count,
                             const std::function<void()>& on_ready) {
  raw_connection c{url};
  subscribe(c, key);
  on_ready();
  while (!count.done() && !count.stalled()) {
    pump({&c}, 100);
    std::size_t n = 0;
    while (auto r = c.next_reply())
      n += is_message(r.get()) ? 1 : 0;
    count.add(n);
  }
  return count.outcome();
}

} // namespace

flow_outcome baseline_side::consume(const std::string& url, transport t,
                                    const std::string& key, std::uint64_t count,
                                    cpu_meter& cpu,
                                    const std::function<void()>& on_ready) {
  cpu.start();
  flow_tally seen{count, cpu};
  switch (t) {
  case transport::channel:
    return consume_channel(url, key, seen, on_ready);
  case transport::list:
    return consume_list(url, key, seen);
  case transport::stream:
    return consume_stream(url, key, seen);
  }
  return {};
}

flow_outcome baseline_side::publish(const std::string& url, transport t,
                                    const std::string& key, std::uint64_t count,
                                    std::size_t outstanding, cpu_meter& cpu) {
  raw_connection c{url};
  const auto& frame = one_way_frame();
  cpu.start();
  auto start = clock::now();
  std::uint64_t sent = 0;
  std::uint64_t acked = 0; // answered, successfully or not
  std::uint64_t failed = 0;
  while (acked < count) {
    for (; sent < count && sent - acked < outstanding; ++sent)
      append_send(c, t, key, frame);
    pump({&c}, 1000);
    for (auto r = c.next_reply(); r; r = c.next_reply()) {
      ++acked;
      failed += r->type == REDIS_REPLY_ERROR ? 1 : 0;
    }
  }
  cpu.stop();
  return {count - failed, clock::now() - start};
}

} // namespace redactor::bench::baseline
