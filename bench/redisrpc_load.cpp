// SPDX-License-Identifier: MIT
// redactor-redisrpc-bench: how redisrpc_client scales with the number of
// calls waiting at once. For each N, N calls are issued at once to a
// RedisRPC echo server (Redactor's, on the same private redis-server) and
// the time until the last answer is measured, with Redis's CPU time; the
// cost per call should stay flat as N grows. Medians of --runs, with
// ranges.
//
//   redactor-redisrpc-bench [--calls 1000,10000,100000] [--runs 3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <vector>

#include <CLI/CLI.hpp>

#include <redactor/redactor.hpp>
#include <redactor/rpc/redisrpc_client.hpp>
#include <redactor/rpc/redisrpc_server.hpp>

#include "cpu_usage.hpp"
#include "support/redis_server.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

struct run {
  double seconds;
  double redis_cpu;
  std::size_t failed;
};

run measure(redactor::test::redis_server& server, std::size_t calls) {
  redactor::broker_options opts;
  opts.connection = redactor::connection_options::from_url(server.url());
  opts.handlers = redactor::handler_mode::non_blocking;
  opts.log = redactor::stderr_log(redactor::log_level::warning);
  redactor::broker serving{opts};
  auto methods = std::make_shared<redactor::rpc::registry>();
  methods->add_typed("echo", {"x"}, [](double x) { return x; });
  auto token = redactor::rpc::serve_redisrpc(serving, "bench", methods);
  serving.start();
  redactor::broker calling{opts};
  calling.start();
  redactor::rpc::redisrpc_client client{calling, "bench",
                                        std::chrono::seconds{120}};
  std::vector<std::future<redactor::result<boost::json::value>>> answers;
  answers.reserve(calls);
  auto cpu_before = redactor::bench::process_cpu_seconds(server.pid());
  auto start = clock_type::now();
  for (std::size_t i = 0; i < calls; ++i)
    answers.push_back(client.call("echo", {static_cast<double>(i)}));
  std::size_t failed = 0;
  for (auto& a : answers)
    failed += a.get() ? 0 : 1;
  std::chrono::duration<double> took = clock_type::now() - start;
  return {took.count(),
          redactor::bench::process_cpu_seconds(server.pid()) - cpu_before,
          failed};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"redisrpc_client under many concurrent calls",
               "redactor-redisrpc-bench"};
  std::vector<std::size_t> sizes{1000, 10000, 100000};
  int runs = 3;
  app.add_option("--calls", sizes, "numbers of concurrent calls")
      ->delimiter(',');
  app.add_option("--runs", runs, "runs per size (the median is reported)");
  CLI11_PARSE(app, argc, argv);

  std::printf("%10s %12s %14s %16s %8s\n", "calls", "seconds", "calls/s",
              "redis CPU us/call", "failed");
  for (auto n : sizes) {
    std::vector<double> secs, cpu;
    std::size_t failed = 0;
    for (int r = 0; r < runs; ++r) {
      redactor::test::redis_server server;
      auto m = measure(server, n);
      secs.push_back(m.seconds);
      cpu.push_back(m.redis_cpu * 1e6 / static_cast<double>(n));
      failed += m.failed;
    }
    auto [lo, hi] = std::minmax_element(secs.begin(), secs.end());
    std::printf("%10zu %5.2f (%4.2f-%4.2f) %14.0f %16.1f %8zu\n", n,
                median(secs), *lo, *hi, static_cast<double>(n) / median(secs),
                median(cpu), failed);
  }
  return 0;
}
