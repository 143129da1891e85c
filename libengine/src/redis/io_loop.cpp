// SPDX-License-Identifier: MIT
#include "redis/io_loop.hpp"

#include <cerrno>
#include <future>
#include <system_error>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace redactor::redis {
namespace {

thread_local const io_loop* current_loop = nullptr;
/// The loop whose job a thread outside every loop runs now.
thread_local const io_loop* served_loop = nullptr;

} // namespace

io_loop::io_loop() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0)
    throw std::system_error(errno, std::generic_category(), "io_loop");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  thread_ = std::thread{[this] { run(); }};
}

io_loop::~io_loop() {
  stop();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void io_loop::post(task fn) {
  bool was_empty = false;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    was_empty = posted_.empty();
    posted_.push_back(std::move(fn));
  }
  if (was_empty)
    wake();
}

void io_loop::wake() {
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

void io_loop::call(const task& fn) {
  if (in_loop_thread() || !thread_.joinable())
    return fn();
  std::promise<void> done;
  post([&] {
    fn();
    done.set_value();
  });
  done.get_future().wait();
}

bool io_loop::on_any_loop_thread() noexcept {
  return current_loop != nullptr;
}

io_loop::clock::time_point io_loop::now() noexcept {
  return current_loop != nullptr ? current_loop->turn_began_ : clock::now();
}

const io_loop* io_loop::serving_scope::captured() noexcept {
  return current_loop != nullptr ? current_loop : served_loop;
}

io_loop::serving_scope::serving_scope(const io_loop* loop) noexcept
    : previous_(served_loop) {
  if (loop != nullptr)
    served_loop = loop;
}

io_loop::serving_scope::~serving_scope() {
  served_loop = previous_;
}

void io_loop::stop() {
  if (!thread_.joinable())
    return;
  post([this] { stopping_ = true; });
  thread_.join();
}

io_loop::timer_id io_loop::add_timer(clock::duration delay, task fn) {
  auto id = next_timer_++;
  auto due = clock::now() + delay;
  timers_.emplace(std::make_pair(due, id), std::move(fn));
  timer_due_.emplace(id, due);
  return id;
}

void io_loop::cancel_timer(timer_id id) {
  auto i = timer_due_.find(id);
  if (i == timer_due_.end())
    return;
  timers_.erase({i->second, id});
  timer_due_.erase(i);
}

void io_loop::defer(task fn) {
  deferred_.push_back(std::move(fn));
}

void io_loop::watch(int fd, io_handler* handler, bool read, bool write) {
  epoll_event ev{};
  ev.events = (read ? EPOLLIN : 0u) | (write ? EPOLLOUT : 0u);
  ev.data.fd = fd;
  bool known = handlers_.count(fd) > 0;
  handlers_[fd] = handler;
  ::epoll_ctl(epoll_fd_, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
}

void io_loop::unwatch(int fd) {
  if (handlers_.erase(fd) == 0)
    return;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
}

void io_loop::set_turn_work(turn_work work) {
  turn_work_ = std::move(work);
}

void io_loop::run() {
  current_loop = this;
  constexpr int max_events = 64;
  epoll_event events[max_events];
  bool more_work = false;
  while (!stopping_) {
    int timeout_ms = -1;
    if (!deferred_.empty() || more_work) {
      timeout_ms = 0;
    } else if (!timers_.empty()) {
      auto wait = timers_.begin()->first.first - clock::now();
      auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
      timeout_ms = ms < 0 ? 0 : static_cast<int>(ms);
    }
    int n = ::epoll_wait(epoll_fd_, events, max_events, timeout_ms);
    turn_began_ = clock::now();
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == wake_fd_) {
        std::uint64_t count = 0;
        [[maybe_unused]] auto r = ::read(wake_fd_, &count, sizeof count);
        continue;
      }
      // Look the handler up for each event: the previous one may have
      // unwatched this fd (or any other) in the meantime.
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
        if (auto* h = handler_of(fd))
          h->on_readable();
      if (events[i].events & EPOLLOUT)
        if (auto* h = handler_of(fd))
          h->on_writable();
    }
    run_timers();
    run_deferred();
    run_posted();
    if (turn_work_) {
      more_work = turn_work_();
      // What the actors wrote or deferred (flushes, hand-overs) goes now,
      // not after another poll.
      run_deferred();
    }
  }
}

io_handler* io_loop::handler_of(int fd) const {
  auto i = handlers_.find(fd);
  return i == handlers_.end() ? nullptr : i->second;
}

void io_loop::run_timers() {
  while (!timers_.empty() && timers_.begin()->first.first <= turn_began_) {
    auto node = timers_.extract(timers_.begin());
    timer_due_.erase(node.key().second);
    node.mapped()();
  }
}

void io_loop::run_deferred() {
  // Deferred work may defer more; that runs in the next turn.
  auto batch = std::move(deferred_);
  deferred_.clear();
  for (auto& fn : batch)
    fn();
}

void io_loop::run_posted() {
  std::vector<task> batch;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    batch.swap(posted_);
  }
  for (auto& fn : batch)
    fn();
}

} // namespace redactor::redis
