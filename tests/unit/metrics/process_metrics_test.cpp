// SPDX-License-Identifier: MIT
// The process_* families: unprefixed, unlabelled, read from /proc.
#include <chrono>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "metrics/process_metrics.hpp"

using namespace redactor::metrics;

namespace {

/// The value of the unlabelled sample `name` in `text`; -1 when absent.
double sample(const std::string& text, const std::string& name) {
  std::istringstream lines{text};
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind(name + " ", 0) == 0)
      return std::stod(line.substr(name.size() + 1));
  return -1;
}

TEST(process_metrics, reads_this_process_from_proc) {
  registry reg{"redactor", {{"app_name", "demo"}}};
  add_process_metrics(reg);
  std::ofstream held{"/dev/null"}; // one more descriptor, seen below
  auto text = reg.text();
  EXPECT_GE(sample(text, "process_open_fds"), 4) << text;
  EXPECT_GT(sample(text, "process_max_fds"), sample(text, "process_open_fds"));
  EXPECT_GT(sample(text, "process_resident_memory_bytes"), 1 << 20);
  EXPECT_GT(sample(text, "process_virtual_memory_bytes"),
            sample(text, "process_resident_memory_bytes"));
  EXPECT_GE(sample(text, "process_cpu_seconds_total"), 0);
  auto now = std::chrono::duration<double>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  auto started = sample(text, "process_start_time_seconds");
  EXPECT_LE(started, now + 1);
  EXPECT_GT(started, now - 3600) << "a unit test started over an hour ago?";
  EXPECT_NE(text.find("# TYPE process_cpu_seconds_total counter"),
            std::string::npos);
}

} // namespace
