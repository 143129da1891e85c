// SPDX-License-Identifier: MIT
#include "publishing/command_gateway.hpp"

#include <future>

#include "publishing/outgoing.hpp"

namespace redactor::detail {
namespace {

const error_info& gateway_closed() {
  static const auto err =
      make_error(errc::connection_lost, "the broker is not running");
  return err;
}

} // namespace

command_gateway::command_gateway(redis::io_loop& loop,
                                 const broker_options& options)
    : outbox(options.max_message_bytes), loop_(loop),
      connection_(options.connection), deadline_(options.publish_timeout),
      resend_lost_(options.delivery == command_delivery::at_least_once) {
  // nop
}

void command_gateway::open(redis::command_queue::state_handler on_state) {
  std::lock_guard<std::mutex> guard{mtx_};
  open_ = true;
  queue_ = std::make_unique<redis::command_queue>(
      loop_, connection_, std::move(on_state), resend_lost_);
  loop_.post([q = queue_.get()] { q->open(); });
}

void command_gateway::close(std::chrono::milliseconds timeout) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (!open_)
      return;
    open_ = false;
  }
  // Replies come in order: once PING is answered, so is all before it.
  std::promise<void> drained;
  auto done = drained.get_future();
  loop_.post([this, timeout, &drained] {
    // While Redis is away, what is held cannot be sent anyway.
    if (queue_->state() != redis::connection_state::ready) {
      drained.set_value();
      return;
    }
    queue_->send({"PING"}, redis::io_loop::clock::now() + timeout,
                 [&drained](result<redis::reply>) { drained.set_value(); });
  });
  done.wait();
  // The queue lives on the loop thread, and publishers may outlive the
  // loop: it goes now.
  loop_.call([this] {
    queue_->close();
    queue_.reset();
  });
}

void command_gateway::command(std::vector<std::string> args,
                              reply_handler handler) {
  command(std::move(args), redis::io_loop::clock::now() + deadline_,
          std::move(handler));
}

void command_gateway::command(std::vector<std::string> args,
                              redis::io_loop::clock::time_point deadline,
                              reply_handler handler) {
  std::unique_lock<std::mutex> guard{mtx_};
  if (!open_) {
    guard.unlock();
    if (handler)
      handler(gateway_closed());
    return;
  }
  if (loop_.in_loop_thread()) {
    // Actors, inline handlers and callbacks: no hop, and since every
    // command from this thread takes this path, their order holds. The
    // queue goes only through a task of this thread (close()).
    auto* queue = queue_.get();
    guard.unlock();
    queue->send(std::move(args), deadline, std::move(handler));
    return;
  }
  bool first = batch_.empty();
  batch_.push_back({std::move(args), deadline, std::move(handler)});
  if (first)
    loop_.post([this] { drain(); });
}

void command_gateway::drain() {
  std::vector<pending_command> batch;
  redis::command_queue* queue = nullptr;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    batch.swap(batch_);
    queue = queue_.get();
  }
  // close() goes through the loop after every drain posted before it, so
  // the queue is there; the check is for a loop stopped meanwhile.
  for (auto& c : batch) {
    if (queue)
      queue->send(std::move(c.args), c.deadline, std::move(c.handler));
    else if (c.handler)
      c.handler(gateway_closed());
  }
}

redis::connection_stats_ptr command_gateway::stats() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return queue_ ? queue_->stats() : nullptr;
}

void command_gateway::send(const destination& to,
                           std::vector<std::string> frames,
                           publish_callback callback) {
  command(outgoing::command(to, std::move(frames)),
          [cb{std::move(callback)}](result<redis::reply> r) {
            if (cb)
              cb(outgoing::to_result(std::move(r)));
          });
}

} // namespace redactor::detail
