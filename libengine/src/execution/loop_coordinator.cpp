// SPDX-License-Identifier: MIT
#include "execution/loop_coordinator.hpp"

#include <caf/actor_system_config.hpp>
#include <caf/resumable.hpp>

namespace redactor::execution {

loop_coordinator::loop_coordinator(caf::actor_system& sys, redis::io_loop& loop)
    : abstract_coordinator(sys), loop_(loop), unit_(sys, *this) {
  // nop
}

loop_coordinator::turn_clock::time_point
loop_coordinator::turn_clock::now() const noexcept {
  return redis::io_loop::now();
}

void loop_coordinator::enqueue(caf::resumable* job) {
  if (loop_.in_loop_thread()) {
    ready_.push_back(job);
    return;
  }
  bool was_empty = false;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    was_empty = inbox_.empty();
    inbox_.push_back(job);
  }
  if (was_empty)
    loop_.wake();
}

void loop_coordinator::start() {
  clock_thread_ = std::thread{[this] {
    system().thread_started();
    clock_.run_dispatch_loop();
    system().thread_terminates();
  }};
  loop_.post([this] { loop_.set_turn_work([this] { return run_turn(); }); });
  abstract_coordinator::start();
}

void loop_coordinator::stop() {
  stop_actors();
  loop_.call([this] { loop_.set_turn_work({}); });
  clock_.cancel_dispatch_loop();
  clock_thread_.join();
  // Nothing runs them any more: give each its cleanup.
  {
    std::lock_guard<std::mutex> guard{mtx_};
    ready_.insert(ready_.end(), inbox_.begin(), inbox_.end());
    inbox_.clear();
  }
  for (auto* job : ready_)
    cleanup_and_release(job);
  ready_.clear();
}

bool loop_coordinator::run_turn() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    ready_.insert(ready_.end(), inbox_.begin(), inbox_.end());
    inbox_.clear();
  }
  for (std::size_t n = 0; n < resumes_per_turn && !ready_.empty(); ++n) {
    auto* job = ready_.front();
    ready_.pop_front();
    switch (job->resume(&unit_, max_throughput())) {
    case caf::resumable::resume_later:
      // Its remaining messages wait behind every other ready actor.
      ready_.push_back(job);
      break;
    case caf::resumable::done:
    case caf::resumable::awaiting_message:
    case caf::resumable::shutdown_execution_unit:
      caf::intrusive_ptr_release(job);
      break;
    }
  }
  std::lock_guard<std::mutex> guard{mtx_};
  return !ready_.empty() || !inbox_.empty();
}

} // namespace redactor::execution
