// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace redactor::redis {

/// Receives readiness events for one file descriptor.
class io_handler {
 public:
  virtual ~io_handler() = default;
  virtual void on_readable() = 0;
  virtual void on_writable() = 0;
};

/// One dedicated thread running an epoll loop. Every Redis socket lives on
/// an io_loop and is touched only from its thread. The engine's actors run
/// there too, at the end of each turn (execution::loop_coordinator). Other
/// threads hand work over with post().
///
/// Order of work in one turn: socket events, due timers, deferred tasks,
/// posted tasks, the end-of-turn work, and the tasks it deferred (so that
/// what actors write leaves in the same turn). Tasks posted from one thread
/// run in posting order.
class io_loop {
 public:
  using clock = std::chrono::steady_clock;
  using task = std::function<void()>;
  using timer_id = std::uint64_t;
  /// End-of-turn work; returns whether more is ready, so that the next turn
  /// polls the sockets without waiting.
  using turn_work = std::function<bool()>;

  io_loop();
  ~io_loop();

  io_loop(const io_loop&) = delete;
  io_loop& operator=(const io_loop&) = delete;

  /// Runs `fn` on the loop thread. Thread-safe; wakes the loop only when its
  /// queue was empty, so a burst of posts costs one wake-up.
  void post(task fn);

  /// Runs `fn` on the loop thread and waits for it; runs it at once when
  /// called on the loop thread or once the loop has stopped.
  void call(const task& fn);

  /// Makes the loop take a turn soon. Thread-safe.
  void wake();

  /// Stops the loop after the tasks posted so far and joins the thread.
  /// Idempotent; the destructor calls it.
  void stop();

  bool in_loop_thread() const noexcept {
    return std::this_thread::get_id() == thread_.get_id();
  }

  /// Whether the calling thread runs an io_loop: code there must never
  /// wait for the engine, which only that thread can move on.
  static bool on_any_loop_thread() noexcept;

  /// On a loop thread, the time its current turn began (read once, right
  /// after the poll); elsewhere, the clock. The loop's timers fall due by
  /// it, and CAF's clock tells it to the actors on the loop. It lags the
  /// clock by what the turn has done so far (microseconds, or as long as
  /// an inline handler ran), so a deadline a caller gives relative to the
  /// present reads the clock itself.
  static clock::time_point now() noexcept;

  /// Whether the calling thread works for this loop: runs it, or runs a
  /// job it handed over (serving_scope).
  bool serves_this_thread() const noexcept {
    return serving_scope::captured() == this;
  }

  /// Makes the calling thread, while it lives, work for the loop that was
  /// the current one where `captured` was taken (none: no change): for a
  /// blocking handler on the pool, so that what it publishes goes through
  /// its subscription's loop, in order with the acknowledgements sent
  /// there.
  class serving_scope {
   public:
    /// The loop the calling thread works for now; null on other threads.
    static const io_loop* captured() noexcept;

    explicit serving_scope(const io_loop* loop) noexcept;
    ~serving_scope();
    serving_scope(const serving_scope&) = delete;
    serving_scope& operator=(const serving_scope&) = delete;

   private:
    const io_loop* previous_;
  };

  // -- loop thread only
  // --------------------------------------------------------

  /// Runs `fn` once after `delay`.
  timer_id add_timer(clock::duration delay, task fn);

  void cancel_timer(timer_id id);

  /// Runs `fn` after the socket events of this turn: used to coalesce the
  /// replies of one read into one hand-over.
  void defer(task fn);

  /// Starts or changes watching `fd`.
  void watch(int fd, io_handler* handler, bool read, bool write);

  /// Stops watching `fd`; no event reaches its handler afterwards, even one
  /// already collected in the current turn.
  void unwatch(int fd);

  /// Installs (or, with an empty function, removes) the end-of-turn work.
  void set_turn_work(turn_work work);

 private:
  void run();
  void run_timers();
  void run_deferred();
  void run_posted();
  io_handler* handler_of(int fd) const;

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  bool stopping_ = false;
  std::thread thread_;

  std::mutex mtx_;
  std::vector<task> posted_;

  std::map<std::pair<clock::time_point, timer_id>, task> timers_;
  std::unordered_map<timer_id, clock::time_point> timer_due_;
  timer_id next_timer_ = 1;

  std::vector<task> deferred_;
  std::unordered_map<int, io_handler*> handlers_;
  turn_work turn_work_;
  /// When the current turn began; see now().
  clock::time_point turn_began_ = clock::now();
};

} // namespace redactor::redis
