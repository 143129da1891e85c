// SPDX-License-Identifier: MIT
#include "report.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

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
      << (machine.own_redis ? " (own server)" : " (--url)") << "\n\n";
  char line[200];
  std::snprintf(line, sizeof line,
                "%-18s %-5s %10s %10s %6s  %15s  %15s  %15s %6s\n", "scenario",
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
                "%-18s %-5s %10.0f %10.0f %6.2f  %15s  %15s  %15s %6.2f",
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

void write_json(const std::string& path, const bench_results& results) {
  boost::json::array scenarios;
  for (auto& r : results.scenarios)
    scenarios.push_back(boost::json::object{
        {"name", r.name},
        {"unit", r.unit},
        {"redactor", side_json(r.redactor)},
        {"baseline", side_json(r.baseline)},
        {"ratio", ratio(r.redactor.per_second, r.baseline.per_second)},
        {"cpu_ratio", ratio(r.redactor.app_cpu_per_message(),
                            r.baseline.app_cpu_per_message())}});
  auto& m = results.machine;
  boost::json::object doc{{"machine",
                           {{"cpu", m.cpu},
                            {"cores", m.cores},
                            {"kernel", m.kernel},
                            {"redis_version", m.redis_version},
                            {"own_redis", m.own_redis}}},
                          {"quick", results.quick},
                          {"scenarios", std::move(scenarios)}};
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
