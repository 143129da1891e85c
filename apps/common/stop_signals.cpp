// SPDX-License-Identifier: MIT
#include "common/stop_signals.hpp"

#include <pthread.h>

namespace apps {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

void block_stop_signals() {
  auto set = stop_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

} // namespace apps
