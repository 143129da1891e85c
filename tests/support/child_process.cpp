// SPDX-License-Identifier: MIT
#include "support/child_process.hpp"

#include <csignal>
#include <stdexcept>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace redactor::test {

pid_t spawn_child(std::vector<std::string> args, bool quiet) {
  // Built before fork(): the child of a threaded process must not
  // allocate.
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
      ::_exit(1); // the parent died before the line above
    if (quiet) {
      int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, STDOUT_FILENO);
    }
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

int wait_child(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

background_child::background_child(std::vector<std::string> args, bool quiet)
    : pid_(spawn_child(std::move(args), quiet)) {
  // nop
}

background_child::~background_child() {
  ::kill(pid_, SIGTERM);
  wait_child(pid_);
}

} // namespace redactor::test
