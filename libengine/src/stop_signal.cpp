// SPDX-License-Identifier: MIT
#include "redactor/stop_signal.hpp"

#include <cerrno>
#include <csignal>

#include <pthread.h>

namespace redactor {
namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

} // namespace

void block_stop_signals() {
  auto set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int wait_for_stop_signal() {
  auto set = stop_signals();
  int sig = 0;
  sigwait(&set, &sig); // cannot fail with a valid set
  return sig;
}

int wait_for_stop_signal(std::chrono::milliseconds timeout) {
  auto set = stop_signals();
  auto s = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  timespec wait{static_cast<time_t>(s.count()),
                static_cast<long>((timeout - s).count() * 1'000'000)};
  for (;;) {
    int sig = sigtimedwait(&set, nullptr, &wait);
    if (sig > 0)
      return sig;
    if (errno != EINTR)
      return 0;
  }
}

} // namespace redactor
