// SPDX-License-Identifier: MIT
#include "execution/handler_pool.hpp"

#include <algorithm>

namespace redactor::execution {
namespace {

thread_local handler_pool* current_pool = nullptr;

} // namespace

handler_pool::handler_pool(std::size_t threads)
    : base_(std::max<std::size_t>(1, threads)) {
  std::lock_guard<std::mutex> guard{mtx_};
  for (std::size_t i = 0; i < base_; ++i) {
    ++alive_;
    threads_.emplace_back([this] { work(false); });
  }
}

handler_pool::~handler_pool() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    stopping_ = true;
  }
  ready_.notify_all();
  // Threads added while we join are joined in a later round.
  for (;;) {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      threads.swap(threads_);
    }
    if (threads.empty())
      break;
    for (auto& t : threads)
      t.join();
    threads.clear();
  }
}

void handler_pool::run(task fn) {
  std::vector<std::thread> finished;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    tasks_.push_back(
        {std::move(fn), redis::io_loop::serving_scope::captured()});
    compensate();
    finished = take_finished();
  }
  ready_.notify_one();
  for (auto& t : finished)
    t.join();
}

std::vector<std::thread> handler_pool::take_finished() {
  std::vector<std::thread> out;
  for (auto id : finished_) {
    auto i =
        std::find_if(threads_.begin(), threads_.end(),
                     [id](const std::thread& t) { return t.get_id() == id; });
    out.push_back(std::move(*i));
    threads_.erase(i);
  }
  finished_.clear();
  return out;
}

handler_pool* handler_pool::current() noexcept {
  return current_pool;
}

std::size_t handler_pool::threads() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return alive_;
}

void handler_pool::compensate() {
  if (idle_ == 0 && !tasks_.empty() && alive_ == blocked_) {
    ++alive_;
    threads_.emplace_back([this] { work(true); });
  }
}

void handler_pool::work(bool extra) {
  current_pool = this;
  std::unique_lock<std::mutex> guard{mtx_};
  for (;;) {
    ++idle_;
    ready_.wait(guard, [&] {
      return !tasks_.empty() || stopping_ ||
             (extra && alive_ - blocked_ > base_);
    });
    --idle_;
    if (tasks_.empty()) {
      // Stopping, or an added thread no longer needed.
      --alive_;
      if (extra && !stopping_)
        finished_.push_back(std::this_thread::get_id());
      return;
    }
    auto next = std::move(tasks_.front());
    tasks_.pop_front();
    guard.unlock();
    {
      redis::io_loop::serving_scope serving{next.from};
      next.fn();
      next.fn = nullptr;
    }
    guard.lock();
  }
}

handler_pool::blocked_scope::blocked_scope(handler_pool* pool) : pool_(pool) {
  if (!pool_)
    return;
  std::lock_guard<std::mutex> guard{pool_->mtx_};
  ++pool_->blocked_;
  pool_->compensate();
}

handler_pool::blocked_scope::~blocked_scope() {
  if (!pool_)
    return;
  {
    std::lock_guard<std::mutex> guard{pool_->mtx_};
    --pool_->blocked_;
  }
  // An added thread may now be one too many.
  pool_->ready_.notify_all();
}

} // namespace redactor::execution
