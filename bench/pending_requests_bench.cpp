// SPDX-License-Identifier: MIT
// What the pending-request table costs a round trip beside N requests that
// wait through the run, their deadlines spread over 30 s: 64 in flight,
// with 5 s and 30 s timeouts in turn, each added, sent and answered, with a
// sweep every 1,000 (10 ms at 100k round trips a second), as the reply
// router drives it. Flat from 1k to 100k waiting is the goal.
#include <benchmark/benchmark.h>

#include "processing/message_access.hpp"
#include "redactor/codec/binary_format.hpp"
#include "requests/pending_requests.hpp"

namespace {

using namespace redactor;
using requests::pending_requests;
using namespace std::chrono_literals;

constexpr std::uint64_t in_flight = 64;
constexpr std::uint64_t sweep_every = 1000;

message prototype_reply() {
  auto frame = binary_format_v1::encode({}, "4");
  return processing::decode_message(
      {*frame, {}, "inbox.1"},
      processing::message_source::named(source_kind::channel, "inbox"));
}

void add(pending_requests& table, requests::request_stats& stats,
         std::uint64_t n, pending_requests::clock::time_point deadline) {
  stats.reserve(1'000'000);
  requests::complete(
      table.add(n, deadline,
                requests::callback_job("5a1e0b64-4c1f-4d6e-9a7e-2f0c3b8d9e10." +
                                           std::to_string(n),
                                       [](result<message>) {})));
  if (auto job = table.take_unsent(n))
    job->send(n, "redactor:inbox:5a1e0b64-4c1f-4d6e-9a7e-2f0c3b8d9e10.1");
}

void round_trip_beside_waiting(benchmark::State& state) {
  auto waiting = static_cast<std::uint64_t>(state.range(0));
  auto stats = std::make_shared<requests::request_stats>();
  pending_requests table{stats, [](pending_requests::channel_id) {}};
  auto now = pending_requests::clock::now();
  auto spread = std::chrono::microseconds{30'000'000 / waiting};
  std::uint64_t n = 1;
  for (std::uint64_t i = 0; i < waiting; ++i, ++n)
    add(table, *stats, n, now + 1h + i * spread);
  auto timeout = [](std::uint64_t i) { return i % 2 == 0 ? 5s : 30s; };
  for (std::uint64_t i = 0; i < in_flight; ++i, ++n)
    add(table, *stats, n, now + timeout(n));
  auto reply = prototype_reply();
  for (auto _ : state) {
    add(table, *stats, n, pending_requests::clock::now() + timeout(n));
    requests::complete(table.reply(n - in_flight, reply));
    if (++n % sweep_every == 0)
      requests::complete(table.sweep(pending_requests::clock::now()));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(round_trip_beside_waiting)->Arg(1'000)->Arg(100'000);

} // namespace

BENCHMARK_MAIN();
