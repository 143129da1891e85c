// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

namespace redactor::test {

/// Starts `args` (args[0] a path, or a program found in PATH) as a child
/// process that dies with the test process, even when that is killed, so
/// no test leaves one behind; with `quiet`, its stdout goes to /dev/null.
/// Returns its pid; throws std::runtime_error when fork() fails.
pid_t spawn_child(std::vector<std::string> args, bool quiet = false);

/// Waits for the child `pid` to end; its exit status, or -1 when a signal
/// ended it.
int wait_child(pid_t pid);

/// A child process (spawn_child) that runs while this object lives: sent
/// SIGTERM and waited for when it goes.
class background_child {
 public:
  explicit background_child(std::vector<std::string> args, bool quiet = false);
  ~background_child();
  background_child(const background_child&) = delete;
  background_child& operator=(const background_child&) = delete;

 private:
  pid_t pid_;
};

} // namespace redactor::test
