// SPDX-License-Identifier: MIT
#include "machine.hpp"

#include <fstream>
#include <sstream>
#include <thread>

#include <sys/utsname.h>

#include "baseline/raw_connection.hpp"

namespace redactor::bench {
namespace {

/// The value after "<key>:" on the first line that starts with key.
std::string value_after(std::istream& in, const std::string& key) {
  for (std::string line; std::getline(in, line);) {
    if (line.compare(0, key.size(), key) != 0)
      continue;
    auto colon = line.find(':');
    auto start = line.find_first_not_of(" \t", colon + 1);
    auto end = line.find_last_not_of(" \t\r");
    if (colon != std::string::npos && start != std::string::npos)
      return line.substr(start, end - start + 1);
  }
  return "unknown";
}

} // namespace

machine_info describe_machine(const std::string& url, bool own_redis) {
  machine_info m;
  std::ifstream cpuinfo{"/proc/cpuinfo"};
  m.cpu = value_after(cpuinfo, "model name");
  m.cores = std::thread::hardware_concurrency();
  utsname names{};
  if (::uname(&names) == 0)
    m.kernel = names.release;
  auto info = baseline::run_command(url, {"INFO", "server"});
  if (info && info->type == REDIS_REPLY_STRING) {
    std::istringstream text{std::string{baseline::text_of(info.get())}};
    m.redis_version = value_after(text, "redis_version");
  }
  m.own_redis = own_redis;
  m.tls = url.rfind("rediss://", 0) == 0;
  return m;
}

} // namespace redactor::bench
