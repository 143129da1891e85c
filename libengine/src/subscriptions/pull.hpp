// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>

#include "engine/broker_backend.hpp"
#include "execution/engine_future.hpp"
#include "redactor/broker.hpp"
#include "subscriptions/subscription_handle.hpp"

namespace redactor::subscriptions {

/// broker::get_one: a subscription of its own whose handler hands its
/// first message to the waiting caller and holds the read there (no
/// further read while it holds) until the caller is done waiting; the
/// subscription stops before the call returns, giving back what it read
/// beyond that one in order (a list item to the head of its list, a
/// group's entry stays pending).
template <class Sub>
result<std::optional<message>> pull_one(broker& b, engine::broker_backend& impl,
                                        Sub sub,
                                        std::chrono::milliseconds timeout) {
  if (redis::io_loop::on_any_loop_thread())
    return execution::loop_wait_refused();
  if (!impl.running())
    return make_error(errc::not_running,
                      "get_one() reads from a running broker");
  if constexpr (!std::is_same_v<Sub, channel_sub>)
    sub.max_records = 1;
  sub.max_workers = 1;
  sub.handlers = handler_mode::blocking; // it holds its thread
  struct first_message {
    std::mutex mtx;
    std::condition_variable changed;
    std::optional<message> got;
    bool released = false;
  };
  auto first = std::make_shared<first_message>();
  auto token = b.subscribe(
      std::move(sub),
      [first, caller = std::this_thread::get_id()](const message& m) {
        std::unique_lock<std::mutex> lock{first->mtx};
        if (first->got) {
          m.nack();
          return;
        }
        first->got = m;
        first->changed.notify_all();
        // The test broker runs handlers on the caller's own thread.
        if (std::this_thread::get_id() != caller)
          first->changed.wait(lock, [&] { return first->released; });
      });
  auto deadline = std::chrono::steady_clock::now() + timeout;
  impl.deliver_pending();
  {
    // A blocking handler waiting here frees its pool slot meanwhile.
    execution::handler_pool::blocked_scope blocked{
        execution::handler_pool::current()};
    std::unique_lock<std::mutex> lock{first->mtx};
    first->changed.wait_until(lock, deadline,
                              [&] { return first->got.has_value(); });
    // Before the handler is let go: otherwise its worker could begin the
    // next item read, and a nack would put it back alone, ahead of the
    // ones the stop gives back.
    if (auto handle = token_access::handle(token))
      handle->stop_taking();
    first->released = true;
    first->changed.notify_all();
  }
  token.unsubscribe();
  // A message that came after the deadline, before the stop, is the
  // caller's too: it was taken from Redis.
  std::lock_guard<std::mutex> guard{first->mtx};
  return std::move(first->got);
}

} // namespace redactor::subscriptions
