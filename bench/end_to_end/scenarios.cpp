// SPDX-License-Identifier: MIT
#include "scenarios.hpp"

#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "peer_process.hpp"
#include "preload.hpp"
#include "side.hpp"

namespace redactor::bench {
namespace {

/// A key no earlier run has used: "bench:<n>:<what>".
std::string fresh_key(const std::string& what) {
  static int runs = 0;
  return "bench:" + std::to_string(++runs) + ":" + what;
}

bool selected(const bench_settings& settings, const std::string& name) {
  if (settings.only.empty())
    return true;
  for (auto& part : settings.only)
    if (name.find(part) != std::string::npos)
      return true;
  return false;
}

side_figures figures_of(std::uint64_t messages, double seconds,
                        const cpu_split& cpu, std::uint64_t failed) {
  side_figures f;
  f.messages = messages;
  f.seconds = seconds;
  f.per_second = seconds > 0 ? static_cast<double>(messages) / seconds : 0;
  f.cpu = cpu;
  f.failed = failed;
  return f;
}

double seconds_of(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

side_figures rpc_run(const bench_settings& settings, side& s, transport t,
                     std::size_t outstanding, std::size_t waiting = 0) {
  auto key = fresh_key(std::string{"rpc-"} + std::string{name_of(t)});
  std::optional<peer_process> server;
  server.emplace(std::vector<std::string>{
      "--role", "rpc-server", "--side", std::string{s.name()}, "--transport",
      std::string{name_of(t)}, "--key", key, "--url", settings.url});
  // The window opens once the side's waiting requests are in place.
  std::optional<run_window> window;
  cpu_meter cpu{[&server] { return server->cpu_seconds(); },
                settings.redis_cpu};
  std::thread sampler;
  auto open_window = [&] {
    window = run_window::after(settings.rpc_warmup, settings.rpc_window);
    sampler = std::thread{[&cpu, w = *window] {
      std::this_thread::sleep_until(w.start);
      cpu.start();
      std::this_thread::sleep_until(w.end);
      cpu.stop();
    }};
    return *window;
  };
  auto out =
      s.call_rpc(settings.url, t, key, outstanding, waiting, open_window);
  if (sampler.joinable())
    sampler.join();
  server.reset(); // stopped before its key goes
  delete_key(settings.url, key);
  if (waiting > 0)
    delete_key(settings.url, waiting_key(key));
  auto f = figures_of(out.latencies.count(), window->seconds(), cpu.used(),
                      out.failed);
  f.p50_us = out.latencies.quantile_us(0.50);
  f.p99_us = out.latencies.quantile_us(0.99);
  return f;
}

/// Where side `s` goes for `key`: Redactor takes the URL it was given (a
/// cluster's, which it routes itself), the baseline the server holding
/// the key.
std::string url_for(const bench_settings& settings, const side& s,
                    const std::string& key) {
  return s.name() == "redactor" ? settings.url : settings.node_of(key);
}

side_figures consume_run(const bench_settings& settings, side& s, transport t) {
  auto count = settings.one_way_messages;
  auto key = fresh_key(std::string{"consume-"} + std::string{name_of(t)});
  if (t != transport::channel)
    preload(settings.node_of(key), t, key, count);
  // A channel is fed by a pipelined publisher of its own, once subscribed.
  std::optional<peer_process> feeder;
  auto feed = [&] {
    if (t == transport::channel)
      feeder.emplace(std::vector<std::string>{"--role", "feed", "--key", key,
                                              "--count", std::to_string(count),
                                              "--url", settings.url});
  };
  cpu_meter cpu{{}, settings.redis_cpu};
  auto out = s.consume(url_for(settings, s, key), t, key, count, cpu, feed);
  feeder.reset();
  delete_key(settings.node_of(key), key);
  return figures_of(out.messages, seconds_of(out.elapsed), cpu.used(),
                    count - out.messages);
}

side_figures publish_run(const bench_settings& settings, side& s, transport t) {
  auto key = fresh_key(std::string{"publish-"} + std::string{name_of(t)});
  cpu_meter cpu{{}, settings.redis_cpu};
  auto out =
      s.publish(url_for(settings, s, key), t, key, settings.publish_messages,
                settings.publish_outstanding, cpu);
  delete_key(settings.node_of(key), key);
  return figures_of(out.messages, seconds_of(out.elapsed), cpu.used(),
                    settings.publish_messages - out.messages);
}

/// Runs `run` on Redactor, then on the baseline, as scenario `name`.
template <class Run>
void both(const bench_settings& settings, std::string name, std::string unit,
          bool has_latency, Run run,
          const std::function<void(const scenario_result&)>& done) {
  if (!selected(settings, name))
    return;
  scenario_result r{std::move(name), std::move(unit), has_latency, {}, {}, 1};
  auto& sides = both_sides();
  r.redactor = run(*sides[0]);
  r.baseline = run(*sides[1]);
  done(r);
}

} // namespace

bench_settings bench_settings::quick(std::string url) {
  bench_settings s;
  s.url = std::move(url);
  s.rpc_warmup = std::chrono::milliseconds(200);
  s.rpc_window = std::chrono::milliseconds(500);
  s.one_way_messages = 100'000;
  s.publish_messages = 100'000;
  s.memory_round = 100'000;
  s.pending_requests = 20'000;
  return s;
}

void run_scenarios(const bench_settings& settings,
                   const std::function<void(const scenario_result&)>& done) {
  auto transports = {transport::channel, transport::list, transport::stream};
  std::string prefix = settings.cluster ? "cluster/" : "";
  for (auto t : transports)
    for (std::size_t outstanding : {1, 64, 1024})
      if (!settings.cluster)
        both(
            settings,
            "rpc/" + std::string{name_of(t)} + "/" +
                std::to_string(outstanding),
            "RT/s", true,
            [&](side& s) { return rpc_run(settings, s, t, outstanding); },
            done);
  // The cost of a round trip beside many requests waiting for replies
  // that do not come: it should not grow with them.
  if (!settings.cluster)
    for (std::size_t waiting : {std::size_t{1000}, settings.pending_requests})
      both(
          settings,
          "rpc/channel/64+" + std::to_string(waiting / 1000) + "k-waiting",
          "RT/s", true,
          [&](side& s) {
            return rpc_run(settings, s, transport::channel, 64, waiting);
          },
          done);
  for (auto t : {transport::list, transport::stream, transport::channel})
    if (!settings.cluster || t != transport::channel)
      both(
          settings, prefix + "consume/" + std::string{name_of(t)}, "msg/s",
          false, [&](side& s) { return consume_run(settings, s, t); }, done);
  for (auto t : transports)
    both(
        settings, prefix + "publish/" + std::string{name_of(t)}, "msg/s", false,
        [&](side& s) { return publish_run(settings, s, t); }, done);
}

std::optional<memory_result> run_memory_checks(const bench_settings& settings) {
  if (!selected(settings, "memory"))
    return std::nullopt;
  // In a fresh process, so RSS is not masked by what the scenarios freed.
  peer_process checker{
      {"--role", "memory", "--count", std::to_string(settings.memory_round),
       "--rounds", std::to_string(settings.memory_rounds), "--pending",
       std::to_string(settings.pending_requests), "--url", settings.url}};
  std::istringstream line{checker.next_line(std::chrono::minutes(10))};
  memory_result m;
  auto& c = m.consumption;
  line >> c.round_size >> c.rounds >> c.rss_after_first >> c.rss_after_last >>
      c.complete >> m.pending.requests >> m.pending.bytes_per_request;
  if (!line)
    throw std::runtime_error("the memory check failed");
  return m;
}

void serve_memory_checks(const bench_settings& settings,
                         peer_control& control) {
  control.ready();
  auto c = engine::measure_consumption(settings.url, fresh_key("memory-list"),
                                       settings.memory_round,
                                       settings.memory_rounds);
  auto p = engine::measure_pending(settings.url, fresh_key("memory-rpc"),
                                   settings.pending_requests);
  std::ostringstream line;
  line << c.round_size << ' ' << c.rounds << ' ' << c.rss_after_first << ' '
       << c.rss_after_last << ' ' << c.complete << ' ' << p.requests << ' '
       << p.bytes_per_request;
  control.report(line.str());
  control.wait_for_stop();
}

} // namespace redactor::bench
