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

} // namespace redactor::test
