// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

// SIGINT and SIGTERM for a service's main():
//
//   int main() {
//     redactor::block_stop_signals(); // before any thread starts
//     redactor::broker b{"redis://127.0.0.1:6379"};
//     ... b.subscribe(...); b.start();
//     redactor::wait_for_stop_signal();
//     b.stop(); // graceful: handlers finish, list items go back
//   }

namespace redactor {

/// Blocks SIGINT and SIGTERM in the calling thread. Threads started
/// afterwards (the broker's I/O thread, its handler pool) inherit the mask,
/// so the signals wait for wait_for_stop_signal() instead of killing the
/// process or landing on an engine thread. Call it first in main(), before
/// constructing a broker or starting any thread.
void block_stop_signals();

/// Waits for SIGINT or SIGTERM, blocked before with block_stop_signals(),
/// and returns its number.
int wait_for_stop_signal();

/// The same, waiting at most `timeout`; 0 when no signal came.
int wait_for_stop_signal(std::chrono::milliseconds timeout);

} // namespace redactor
