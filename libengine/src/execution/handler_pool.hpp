// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "redis/io_loop.hpp"

namespace redactor::execution {

/// Threads for handlers that may block or burn CPU, so that the I/O loop,
/// and with it reply routing, timers, acknowledgements, credit and stops,
/// never waits behind them. Tasks start in the order given.
///
/// A pool thread that waits for the engine (a request's future, see
/// engine_future) counts as blocked while it waits; when every thread is
/// blocked and tasks are queued, the pool adds a thread, so a handler that
/// waits for another handler of the same process cannot starve it, whatever
/// the pool's size. Added threads leave once the queue is empty.
///
/// A task runs as working for the I/O loop that handed it over
/// (io_loop::serving_scope), so that what a handler publishes goes through
/// its subscription's loop.
///
/// Thread-safe. The destructor lets queued tasks run, then joins.
class handler_pool {
 public:
  using task = std::function<void()>;

  explicit handler_pool(std::size_t threads);
  ~handler_pool();

  handler_pool(const handler_pool&) = delete;
  handler_pool& operator=(const handler_pool&) = delete;

  void run(task fn);

  /// The pool the calling thread belongs to, or null.
  static handler_pool* current() noexcept;

  /// Marks the calling pool thread blocked while it lives.
  class blocked_scope {
   public:
    explicit blocked_scope(handler_pool* pool);
    ~blocked_scope();
    blocked_scope(const blocked_scope&) = delete;
    blocked_scope& operator=(const blocked_scope&) = delete;

   private:
    handler_pool* pool_;
  };

  std::size_t threads() const;

 private:
  void work(bool extra);
  /// With mtx_ held: adds a thread when all are blocked and work waits.
  void compensate();
  /// With mtx_ held: the added threads that have left, to be joined once
  /// mtx_ is released.
  std::vector<std::thread> take_finished();

  const std::size_t base_;
  mutable std::mutex mtx_;
  std::condition_variable ready_;
  struct queued_task {
    task fn;
    /// The loop that handed it over, if any.
    const redis::io_loop* from;
  };

  std::deque<queued_task> tasks_;
  std::vector<std::thread> threads_;
  /// Added threads that left; their std::thread is still in threads_.
  std::vector<std::thread::id> finished_;
  std::size_t alive_ = 0;
  std::size_t idle_ = 0;
  std::size_t blocked_ = 0;
  bool stopping_ = false;
};

} // namespace redactor::execution
