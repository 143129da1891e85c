// SPDX-License-Identifier: MIT
// What metrics cost a message: the updates a worker makes per handled
// message (received, size, in-process up and down, duration, status), on
// cached children, from 1 and 2 threads sharing one handler's series.
#include <benchmark/benchmark.h>

#include "metrics/engine_metrics.hpp"
#include "metrics/handler_meter.hpp"
#include "metrics/stopwatch.hpp"

namespace {

using namespace redactor;

metrics::engine_metrics& shared_metrics() {
  static metrics::engine_metrics m{metrics_options{}};
  return m;
}

void per_message_updates(benchmark::State& state) {
  static metrics::subscription_meter meter{shared_metrics(), "jobs", false};
  for (auto _ : state) {
    auto& h = meter.for_channel("jobs");
    h.received(1, 100);
    h.in_process().add(1);
    auto since = metrics::clock::now();
    h.duration().observe(metrics::seconds_since(since));
    h.in_process().add(-1);
    h.processed(metrics::processing_status::acked);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(per_message_updates)->Threads(1)->Threads(2)->UseRealTime();

void scrape(benchmark::State& state) {
  auto& m = shared_metrics();
  for (int i = 0; i < 20; ++i)
    m.received.with({"handler-" + std::to_string(i)}).add();
  for (auto _ : state)
    benchmark::DoNotOptimize(m.text());
}
BENCHMARK(scrape);

} // namespace

BENCHMARK_MAIN();
