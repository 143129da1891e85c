// SPDX-License-Identifier: MIT
// redactor-io-threads-bench: what broker_options::io_threads buys. Two
// workloads spread over several subscriptions, each run with 1, 2, ... I/O
// loops on a private redis-server:
//   consume  --subscriptions lists of --messages each, preloaded, consumed
//            by inline handlers that burn --work-us of CPU per message;
//   rpc      --subscriptions echo services (inline) and as many client
//            threads, each keeping --outstanding requests in flight for
//            --seconds.
// Each row: medians of --runs with ranges, the broker process's CPU per
// message and Redis's. On a machine whose cores Redis shares with the
// broker, the gain is capped by what Redis leaves free.
//
//   redactor-io-threads-bench [--loops 1,2] [--runs 3] [--work-us 0]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include <redactor/redactor.hpp>

#include "cpu_usage.hpp"
#include "support/redis_server.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct settings {
  std::size_t subscriptions = 4;
  std::size_t messages = 100000;
  std::size_t outstanding = 64;
  double seconds = 3;
  double work_us = 0;
};

struct sample {
  double per_second = 0;
  /// Microseconds of CPU per message.
  double broker_cpu = 0;
  double redis_cpu = 0;
};

/// CPU of this process and of Redis over a measured stretch.
class cpu_window {
 public:
  explicit cpu_window(const redactor::test::redis_server& redis)
      : redis_pid_(redis.pid()), self_(redactor::bench::own_cpu_seconds()),
        redis_(redactor::bench::process_cpu_seconds(redis_pid_)),
        began_(clock_type::now()) {}

  sample close(std::uint64_t messages) const {
    std::chrono::duration<double> took = clock_type::now() - began_;
    auto n = static_cast<double>(messages);
    return {n / took.count(),
            (redactor::bench::own_cpu_seconds() - self_) * 1e6 / n,
            (redactor::bench::process_cpu_seconds(redis_pid_) - redis_) * 1e6 /
                n};
  }

 private:
  pid_t redis_pid_;
  double self_;
  double redis_;
  clock_type::time_point began_;
};

redactor::broker_options options_for(const redactor::test::redis_server& redis,
                                     std::size_t loops) {
  redactor::broker_options opts;
  opts.connection = redactor::connection_options::from_url(redis.url());
  opts.handlers = redactor::handler_mode::non_blocking;
  opts.io_threads = loops;
  opts.log = redactor::stderr_log(redactor::log_level::warning);
  return opts;
}

void burn(double us) {
  if (us <= 0)
    return;
  auto until =
      clock_type::now() + std::chrono::duration<double, std::micro>(us);
  while (clock_type::now() < until) {
  }
}

std::string key(const char* kind, std::size_t k) {
  return std::string{"scale-"} + kind + "-" + std::to_string(k);
}

sample consume(const redactor::test::redis_server& redis, std::size_t loops,
               const settings& s) {
  {
    redactor::broker loader{options_for(redis, 1)};
    loader.start();
    for (std::size_t k = 0; k < s.subscriptions; ++k) {
      auto p =
          loader.make_publisher(redactor::destination::list(key("list", k)));
      std::vector<std::string> bodies(1000, "a message of some fifty bytes");
      for (std::size_t sent = 0; sent < s.messages; sent += bodies.size()) {
        bodies.resize(std::min(bodies.size(), s.messages - sent));
        if (!p.publish_batch(bodies).get())
          throw std::runtime_error{"could not preload " + key("list", k)};
      }
    }
  }
  std::atomic<std::uint64_t> handled{0};
  std::uint64_t total = s.subscriptions * s.messages;
  std::promise<void> all_done;
  redactor::broker b{options_for(redis, loops)};
  std::vector<redactor::subscription_token> tokens;
  for (std::size_t k = 0; k < s.subscriptions; ++k) {
    redactor::list_sub sub{key("list", k)};
    sub.max_records = 500;
    tokens.push_back(b.subscribe(sub, [&](const redactor::message&) {
      burn(s.work_us);
      if (++handled == total)
        all_done.set_value();
    }));
  }
  cpu_window window{redis};
  b.start();
  all_done.get_future().wait();
  return window.close(total);
}

sample rpc(const redactor::test::redis_server& redis, std::size_t loops,
           const settings& s) {
  redactor::broker server{options_for(redis, loops)};
  std::vector<redactor::subscription_token> tokens;
  for (std::size_t k = 0; k < s.subscriptions; ++k)
    tokens.push_back(server.subscribe(redactor::channel_sub{key("echo", k)},
                                      [&](const redactor::message& m) {
                                        burn(s.work_us);
                                        return std::string{m.body()};
                                      }));
  server.start();
  redactor::broker client{options_for(redis, loops)};
  client.start();
  std::atomic<bool> running{true};
  std::atomic<std::uint64_t> answered{0};
  std::atomic<std::size_t> in_flight{0};
  // One request per slot, sent again from its own reply's callback: after
  // the first, it stays on the loop that answered it.
  std::function<void(std::size_t)> send = [&](std::size_t k) {
    ++in_flight;
    client.request(redactor::destination::channel(key("echo", k)), "ping", 5s,
                   {}, [&, k](redactor::result<redactor::message> r) {
                     if (r)
                       ++answered;
                     // Counted out only after its successor is in.
                     if (running)
                       send(k);
                     --in_flight;
                   });
  };
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < s.subscriptions; ++k)
    threads.emplace_back([&, k] {
      for (std::size_t i = 0; i < s.outstanding; ++i)
        send(k);
    });
  for (auto& t : threads)
    t.join();
  std::this_thread::sleep_for(500ms);
  auto before = answered.load();
  cpu_window window{redis};
  std::this_thread::sleep_for(std::chrono::duration<double>(s.seconds));
  auto result = window.close(answered.load() - before);
  running = false;
  while (in_flight > 0)
    std::this_thread::sleep_for(1ms);
  return result;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void report(const char* name, std::size_t loops,
            const std::vector<sample>& runs) {
  std::vector<double> rate, mine, theirs;
  for (const auto& r : runs) {
    rate.push_back(r.per_second);
    mine.push_back(r.broker_cpu);
    theirs.push_back(r.redis_cpu);
  }
  auto [lo, hi] = std::minmax_element(rate.begin(), rate.end());
  std::printf("%-8s %5zu %10.0f (%.0f-%.0f) %10.2f %10.2f\n", name, loops,
              median(rate), *lo, *hi, median(mine), median(theirs));
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Redactor with one I/O loop and with several",
               "redactor-io-threads-bench"};
  std::vector<std::size_t> loops{1, 2};
  int runs = 3;
  settings s;
  app.add_option("--loops", loops, "io_threads values to compare")
      ->delimiter(',');
  app.add_option("--runs", runs, "runs per row (medians reported)");
  app.add_option("--subscriptions", s.subscriptions,
                 "lists consumed, echo services and client threads");
  app.add_option("--messages", s.messages, "messages per list");
  app.add_option("--outstanding", s.outstanding,
                 "requests in flight per client thread");
  app.add_option("--seconds", s.seconds, "length of an RPC run");
  app.add_option("--work-us", s.work_us, "CPU a handler burns per message");
  std::vector<std::string> only{"consume", "rpc"};
  app.add_option("--only", only, "workloads: consume, rpc");
  CLI11_PARSE(app, argc, argv);

  std::printf("%-8s %5s %24s %10s %10s\n", "workload", "loops",
              "messages/s (range)", "broker us", "redis us");
  for (const auto& workload : only)
    for (auto n : loops) {
      std::vector<sample> samples;
      for (int r = 0; r < runs; ++r) {
        redactor::test::redis_server redis;
        samples.push_back(workload == "rpc" ? rpc(redis, n, s)
                                            : consume(redis, n, s));
      }
      report(workload.c_str(), n, samples);
    }
  return 0;
}
