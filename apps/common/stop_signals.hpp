// SPDX-License-Identifier: MIT
#pragma once

#include <csignal>

namespace apps {

/// SIGINT and SIGTERM.
sigset_t stop_signals();

/// Blocks the stop signals in the calling thread and every thread it starts
/// afterwards (the broker's), so that only an explicit sigwait() or
/// sigtimedwait() on stop_signals() takes them. Call first in main().
void block_stop_signals();

} // namespace apps
