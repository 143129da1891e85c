// SPDX-License-Identifier: MIT
#include "report.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <vector>

#include <boost/json.hpp>

namespace redactor::bench {
namespace {

double ratio(double x, double y) {
  return y > 0 ? x / y : 0;
}

std::string format(const char* fmt, double a, double b = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, a, b);
  return buf;
}

double mib(std::size_t bytes) {
  return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

double throughput_ratio(const scenario_result& r) {
  return ratio(r.redactor.per_second, r.baseline.per_second);
}

double cpu_ratio(const scenario_result& r) {
  return ratio(r.redactor.app_cpu_per_message(),
               r.baseline.app_cpu_per_message());
}

/// One scenario's figure over its runs.
struct spread {
  double median = 0;
  double low = 0;
  double high = 0;
};

using figure = std::function<double(const scenario_result&)>;

spread spread_of(const std::vector<const scenario_result*>& runs,
                 const figure& f) {
  std::vector<double> xs;
  for (auto* r : runs)
    xs.push_back(f(*r));
  std::sort(xs.begin(), xs.end());
  auto n = xs.size();
  auto median = n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
  return {median, xs.front(), xs.back()};
}

/// Each scenario's runs, in the order the scenarios first ran.
std::vector<std::vector<const scenario_result*>>
by_scenario(const bench_results& results) {
  std::vector<std::vector<const scenario_result*>> out;
  for (auto& r : results.scenarios) {
    auto i = std::find_if(out.begin(), out.end(), [&](const auto& runs) {
      return runs.front()->name == r.name;
    });
    if (i == out.end())
      out.push_back({&r});
    else
      i->push_back(&r);
  }
  return out;
}

boost::json::object side_json(const side_figures& f) {
  return {{"messages", f.messages},
          {"seconds", f.seconds},
          {"per_second", f.per_second},
          {"p50_us", f.p50_us},
          {"p99_us", f.p99_us},
          {"cpu_seconds_client", f.cpu.own},
          {"cpu_seconds_server", f.cpu.peer},
          {"cpu_seconds_redis", f.cpu.redis},
          {"cpu_seconds_per_message", f.app_cpu_per_message()},
          {"failed", f.failed}};
}

} // namespace

void print_header(std::ostream& out, const machine_info& machine, bool quick) {
  out << "Redactor vs raw hiredis" << (quick ? " (--quick)" : "") << " on "
      << machine.cpu << ", " << machine.cores << " cores, Linux "
      << machine.kernel << ", redis " << machine.redis_version
      << (machine.own_redis ? " (own server)" : " (--url)")
      << (machine.tls ? ", over TLS" : "") << "\n\n";
  char line[200];
  std::snprintf(line, sizeof line,
                "%-27s %-5s %10s %10s %6s  %15s  %15s  %15s %6s\n", "scenario",
                "unit", "redactor", "baseline", "ratio", "p50 us R / B",
                "p99 us R / B", "CPU us/msg R/B", "ratio");
  out << line << std::flush;
}

void print_row(std::ostream& out, const scenario_result& r) {
  auto& x = r.redactor;
  auto& y = r.baseline;
  auto latency = [&](double a, double b) {
    return r.has_latency ? format("%.0f / %.0f", a, b) : std::string{"-"};
  };
  char line[240];
  std::snprintf(line, sizeof line,
                "%-27s %-5s %10.0f %10.0f %6.2f  %15s  %15s  %15s %6.2f",
                r.name.c_str(), r.unit.c_str(), x.per_second, y.per_second,
                ratio(x.per_second, y.per_second),
                latency(x.p50_us, y.p50_us).c_str(),
                latency(x.p99_us, y.p99_us).c_str(),
                format("%.2f / %.2f", x.app_cpu_per_message() * 1e6,
                       y.app_cpu_per_message() * 1e6)
                    .c_str(),
                ratio(x.app_cpu_per_message(), y.app_cpu_per_message()));
  out << line;
  if (x.failed + y.failed > 0)
    out << "  failed: " << x.failed << " / " << y.failed;
  out << std::endl;
}

void print_memory(std::ostream& out, const memory_result& m) {
  auto& c = m.consumption;
  out << "\nmemory: RSS after " << c.round_size << " messages "
      << format("%.1f MiB", mib(c.rss_after_first)) << ", after "
      << c.round_size * static_cast<std::uint64_t>(c.rounds) << " "
      << format("%.1f MiB (%+.1f%%)", mib(c.rss_after_last),
                (ratio(static_cast<double>(c.rss_after_last),
                       static_cast<double>(c.rss_after_first)) -
                 1) *
                    100)
      << (c.complete ? "" : " [not every message was handled]") << "; "
      << format("%.0f bytes", m.pending.bytes_per_request) << " per pending"
      << " request (" << m.pending.requests << " pending)" << std::endl;
}

void print_summary(std::ostream& out, const bench_results& results) {
  out << "\nmedian of " << results.runs << " runs, ratios with their range\n";
  char line[240];
  std::snprintf(line, sizeof line,
                "%-27s %-5s %10s %10s %17s  %15s  %15s %17s\n", "scenario",
                "unit", "redactor", "baseline", "ratio", "p50 us R / B",
                "CPU us/msg R/B", "CPU ratio");
  out << line;
  for (auto& runs : by_scenario(results)) {
    auto& first = *runs.front();
    auto median = [&](const figure& f) { return spread_of(runs, f).median; };
    auto with_range = [&](const figure& f) {
      auto s = spread_of(runs, f);
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.2f (%.2f-%.2f)", s.median, s.low,
                    s.high);
      return std::string{buf};
    };
    auto p50 = first.has_latency
                   ? format("%.0f / %.0f",
                            median([](auto& r) { return r.redactor.p50_us; }),
                            median([](auto& r) { return r.baseline.p50_us; }))
                   : std::string{"-"};
    auto cpu = format(
        "%.2f / %.2f",
        median([](auto& r) { return r.redactor.app_cpu_per_message() * 1e6; }),
        median([](auto& r) { return r.baseline.app_cpu_per_message() * 1e6; }));
    std::snprintf(line, sizeof line,
                  "%-27s %-5s %10.0f %10.0f %17s  %15s  %15s %17s\n",
                  first.name.c_str(), first.unit.c_str(),
                  median([](auto& r) { return r.redactor.per_second; }),
                  median([](auto& r) { return r.baseline.per_second; }),
                  with_range(throughput_ratio).c_str(), p50.c_str(),
                  cpu.c_str(), with_range(cpu_ratio).c_str());
    out << line;
  }
  out << std::flush;
}

void write_json(const std::string& path, const bench_results& results) {
  boost::json::array scenarios;
  for (auto& r : results.scenarios)
    scenarios.push_back(boost::json::object{{"name", r.name},
                                            {"unit", r.unit},
                                            {"run", r.run},
                                            {"redactor", side_json(r.redactor)},
                                            {"baseline", side_json(r.baseline)},
                                            {"ratio", throughput_ratio(r)},
                                            {"cpu_ratio", cpu_ratio(r)}});
  boost::json::array summary;
  for (auto& runs : by_scenario(results)) {
    auto json = [&](const figure& f) {
      auto s = spread_of(runs, f);
      return boost::json::object{
          {"median", s.median}, {"min", s.low}, {"max", s.high}};
    };
    summary.push_back(boost::json::object{
        {"name", runs.front()->name},
        {"redactor_per_second",
         json([](auto& r) { return r.redactor.per_second; })},
        {"baseline_per_second",
         json([](auto& r) { return r.baseline.per_second; })},
        {"ratio", json(throughput_ratio)},
        {"cpu_ratio", json(cpu_ratio)}});
  }
  auto& m = results.machine;
  boost::json::object doc{{"machine",
                           {{"cpu", m.cpu},
                            {"cores", m.cores},
                            {"kernel", m.kernel},
                            {"redis_version", m.redis_version},
                            {"own_redis", m.own_redis},
                            {"tls", m.tls}}},
                          {"quick", results.quick},
                          {"runs", results.runs},
                          {"scenarios", std::move(scenarios)},
                          {"summary", std::move(summary)}};
  if (results.memory) {
    auto& c = results.memory->consumption;
    doc["memory"] = {{"round_messages", c.round_size},
                     {"rounds", c.rounds},
                     {"rss_after_first_round", c.rss_after_first},
                     {"rss_after_last_round", c.rss_after_last},
                     {"complete", c.complete},
                     {"pending_requests", results.memory->pending.requests},
                     {"bytes_per_pending_request",
                      results.memory->pending.bytes_per_request}};
  }
  std::ofstream file{path};
  file << boost::json::serialize(doc) << "\n";
  if (!file)
    throw std::runtime_error("cannot write " + path);
}

} // namespace redactor::bench
