// SPDX-License-Identifier: MIT
#include "metrics/process_metrics.hpp"

#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

namespace redactor::metrics {
namespace {

/// The fields of /proc/self/stat after the command name, so that field n
/// of proc(5) is at n - 3; empty when it cannot be read.
std::vector<std::string> stat_fields() {
  std::ifstream in{"/proc/self/stat"};
  std::string line;
  std::getline(in, line);
  // The command name may hold spaces and parentheses: it ends at the last
  // ')'.
  auto end = line.rfind(')');
  if (end == std::string::npos)
    return {};
  std::istringstream rest{line.substr(end + 1)};
  return {std::istream_iterator<std::string>{rest},
          std::istream_iterator<std::string>{}};
}

double stat_field(int n) {
  auto fields = stat_fields();
  auto i = static_cast<std::size_t>(n - 3);
  return i < fields.size() ? std::stod(fields[i]) : 0.0;
}

double ticks_per_second() {
  return static_cast<double>(sysconf(_SC_CLK_TCK));
}

/// When the machine booted (the "btime" line of /proc/stat), in Unix time.
double boot_time() {
  std::ifstream in{"/proc/stat"};
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime" && in >> value)
      return value;
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return 0;
}

double open_fds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr)
    return 0;
  double n = 0;
  while (const auto* entry = readdir(dir))
    n += entry->d_name[0] != '.';
  closedir(dir);
  return n - 1; // the directory's own descriptor
}

double max_fds() {
  rlimit limit{};
  return getrlimit(RLIMIT_NOFILE, &limit) == 0
             ? static_cast<double>(limit.rlim_cur)
             : 0.0;
}

} // namespace

void add_process_metrics(registry& r) {
  r.add_process_sample(
      "process_cpu_seconds_total", "Total user and system CPU time spent", true,
      [] { return (stat_field(14) + stat_field(15)) / ticks_per_second(); });
  r.add_process_sample("process_virtual_memory_bytes", "Virtual memory size",
                       false, [] { return stat_field(23); });
  r.add_process_sample(
      "process_resident_memory_bytes", "Resident memory size", false, [] {
        return stat_field(24) * static_cast<double>(sysconf(_SC_PAGESIZE));
      });
  r.add_process_sample("process_start_time_seconds",
                       "Start time of the process since the Unix epoch", false,
                       [boot = boot_time()] {
                         return boot + stat_field(22) / ticks_per_second();
                       });
  r.add_process_sample("process_open_fds", "Open file descriptors", false,
                       open_fds);
  r.add_process_sample("process_max_fds", "Maximum open file descriptors",
                       false, max_fds);
}

} // namespace redactor::metrics
