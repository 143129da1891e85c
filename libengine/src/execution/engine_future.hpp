// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <utility>

#include "execution/handler_pool.hpp"
#include "redactor/result.hpp"
#include "redis/io_loop.hpp"

namespace redactor::execution {

/// The reason a wait on the I/O loop thread is refused.
inline error_info loop_wait_refused() {
  return make_error(errc::would_deadlock,
                    "this thread runs the engine's I/O loop, which alone "
                    "can deliver the result; in a non-blocking handler or a "
                    "callback, pass a callback or reply later with a "
                    "redactor::responder instead of waiting");
}

/// Throws loop_wait_refused() on the I/O loop thread: for the calls that
/// wait for the engine (stop(), a subscription's stop()).
inline void refuse_loop_wait() {
  if (redis::io_loop::on_any_loop_thread())
    throw error{loop_wait_refused()};
}

/// A future for a result the engine delivers to the callback that
/// `start` is given.
///
/// Off the engine's threads it is a plain future. Made on an engine thread
/// it is deferred (wait_for() says so) and get() decides where it runs:
/// - on the I/O loop thread, a result not yet there is refused at once with
///   errc::would_deadlock, since waiting would keep that very thread from
///   delivering it;
/// - on a handler pool thread, the thread counts as blocked while it waits
///   (handler_pool::blocked_scope), so the pool can still run the handler
///   that will answer.
template <class T, class Start>
std::future<result<T>> engine_future(Start&& start) {
  auto promise = std::make_shared<std::promise<result<T>>>();
  auto inner = promise->get_future();
  std::forward<Start>(start)(
      [promise](result<T> r) { promise->set_value(std::move(r)); });
  if (!redis::io_loop::on_any_loop_thread() && !handler_pool::current())
    return inner;
  return std::async(
      std::launch::deferred, [inner = std::move(inner)]() mutable -> result<T> {
        using namespace std::chrono_literals;
        if (inner.wait_for(0s) == std::future_status::ready)
          return inner.get();
        if (redis::io_loop::on_any_loop_thread())
          return loop_wait_refused();
        handler_pool::blocked_scope blocked{handler_pool::current()};
        return inner.get();
      });
}

} // namespace redactor::execution
