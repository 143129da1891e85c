// SPDX-License-Identifier: MIT
#include "cpu_usage.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

namespace redactor::bench {
namespace {

double seconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

} // namespace

double own_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double process_cpu_seconds(pid_t pid) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/stat"};
  std::string stat{std::istreambuf_iterator<char>{in}, {}};
  // The command name may hold spaces: fields are counted after its ')'.
  auto close = stat.rfind(')');
  if (close == std::string::npos)
    return 0;
  std::istringstream fields{stat.substr(close + 2)};
  std::string skip;
  for (int field = 3; field < 14; ++field) // state .. cmajflt
    fields >> skip;
  double utime = 0;
  double stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::size_t own_rss_bytes() {
  std::ifstream in{"/proc/self/statm"};
  std::size_t size = 0;
  std::size_t resident = 0;
  in >> size >> resident;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

cpu_meter::cpu_meter(std::function<double()> peer,
                     std::function<double()> redis)
    : peer_(std::move(peer)), redis_(std::move(redis)) {}

void cpu_meter::start() {
  at_start_ = read();
}

void cpu_meter::stop() {
  at_stop_ = read();
}

cpu_split cpu_meter::used() const {
  return {at_stop_.own - at_start_.own, at_stop_.peer - at_start_.peer,
          at_stop_.redis - at_start_.redis};
}

cpu_split cpu_meter::read() const {
  return {own_cpu_seconds(), peer_ ? peer_() : 0.0, redis_ ? redis_() : 0.0};
}

} // namespace redactor::bench
