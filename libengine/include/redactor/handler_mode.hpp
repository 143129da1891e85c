// SPDX-License-Identifier: MIT
#pragma once

namespace redactor {

/// Where a subscription's handlers run.
///
/// The engine's own work (reading, reply routing, timers, acknowledgements,
/// credit, stops) runs on its I/O thread. A handler either runs there too,
/// inline, which is the fastest path, or on the handler pool, where it may
/// take as long as it likes without holding anything else up.
enum class handler_mode {
  /// Whatever broker_options::handlers says (subscription_options only).
  broker_default,
  /// On the handler pool (broker_options::worker_threads): the handler may
  /// block (I/O, sleeps, a request's future) or burn CPU. The default, as
  /// FastStream runs synchronous handlers in a thread pool.
  blocking,
  /// Inline on the I/O thread, for handlers that return in microseconds
  /// and never wait: while one runs, no socket of the process is served.
  /// There a future's get() that would wait fails at once with
  /// errc::would_deadlock: pass a callback, or answer later through a
  /// responder (see handler).
  non_blocking,
};

} // namespace redactor
