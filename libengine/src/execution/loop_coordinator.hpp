// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include <caf/detail/thread_safe_actor_clock.hpp>
#include <caf/execution_unit.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

#include "redis/io_loop.hpp"

namespace redactor::execution {

/// CAF's scheduler for the engine: every actor runs on the I/O loop's
/// thread, at the end of each loop turn, so that a message from a socket to
/// an actor and from an actor to a socket never crosses threads.
///
/// Fairness: one turn resumes at most `resumes_per_turn` actors, each for
/// at most scheduler.max-throughput messages, then goes back to the
/// sockets and timers. An actor with more to do waits behind the others, so
/// one flooded subscription cannot keep the reply router, timers or stops
/// waiting for more than a turn.
///
/// enqueue() is thread-safe (handler pool, CAF's clock thread, callers of
/// the broker); from the loop thread it needs no lock. Delayed messages
/// come from CAF's own clock thread.
class loop_coordinator final : public caf::scheduler::abstract_coordinator {
 public:
  /// Resumes per loop turn.
  static constexpr std::size_t resumes_per_turn = 256;

  loop_coordinator(caf::actor_system& sys, redis::io_loop& loop);

  void enqueue(caf::resumable* job) override;

  caf::actor_clock& clock() noexcept override { return clock_; }

 protected:
  void start() override;
  /// Detaches from the loop, then releases what never ran.
  void stop() override;

 private:
  /// CAF's clock, telling the time as io_loop::now() does: CAF reads it
  /// twice per actor resume, for stream and receive timeouts this engine
  /// does not use. A delayed message counts from the turn's start, so a
  /// delay that must end at a given moment is taken from io_loop::now().
  class turn_clock final : public caf::detail::thread_safe_actor_clock {
   public:
    time_point now() const noexcept override;
  };

  /// Runs an actor's later messages on the loop, behind what is ready.
  class unit final : public caf::execution_unit {
   public:
    unit(caf::actor_system& sys, loop_coordinator& owner)
        : caf::execution_unit(&sys), owner_(owner) {}
    void exec_later(caf::resumable* job) override {
      owner_.ready_.push_back(job);
    }

   private:
    loop_coordinator& owner_;
  };

  /// Loop thread: one turn's worth of resumes; whether more are ready.
  bool run_turn();

  redis::io_loop& loop_;
  turn_clock clock_;
  std::thread clock_thread_;
  unit unit_;
  /// Enqueued from other threads.
  std::mutex mtx_;
  std::vector<caf::resumable*> inbox_;
  /// Loop thread only.
  std::deque<caf::resumable*> ready_;
};

} // namespace redactor::execution
