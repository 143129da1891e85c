// SPDX-License-Identifier: MIT
#include "redis/command_gateway.hpp"

#include <future>

namespace redactor::redis {
namespace {

error_info not_running(bool opened_before) {
  return make_error(errc::not_running, opened_before
                                           ? "it was stopped"
                                           : "start() has not been called");
}

} // namespace

command_gateway::command_gateway(locator_ptr where,
                                 const broker_options& options)
    : where_(std::move(where)), loop_(where_->loop()),
      deadline_(options.publish_timeout),
      resend_lost_(options.delivery == command_delivery::at_least_once) {
  // nop
}

void command_gateway::open(command_router::state_handler on_state,
                           command_router::queue_watcher commands,
                           command_router::queue_watcher durable) {
  std::lock_guard<std::mutex> guard{mtx_};
  open_ = true;
  opened_before_ = true;
  router_ = std::make_unique<command_router>(where_, std::move(on_state),
                                             resend_lost_, std::move(commands));
  durable_router_ = std::make_unique<command_router>(
      where_, nullptr, resend_lost_, std::move(durable));
  loop_.post([r = router_.get()] { r->open(); });
}

void command_gateway::close(std::chrono::milliseconds timeout) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (!open_)
      return;
    open_ = false;
  }
  auto drained = std::make_shared<std::promise<void>>();
  auto done = drained->get_future();
  loop_.post([this, timeout, drained] {
    auto deadline = io_loop::clock::now() + timeout;
    auto pending = std::make_shared<int>(2);
    auto one_done = [pending, drained] {
      if (--*pending == 0)
        drained->set_value();
    };
    router_->drain(deadline, one_done);
    durable_router_->drain(deadline, one_done);
  });
  done.wait();
  // The routers live on the loop thread, and publishers may outlive the
  // loop: they go now.
  loop_.call([this] {
    router_->close();
    router_.reset();
    durable_router_->close();
    durable_router_.reset();
  });
}

void command_gateway::command(std::vector<std::string> args,
                              reply_handler handler) {
  command(std::move(args), io_loop::clock::now() + deadline_,
          std::move(handler));
}

void command_gateway::command(std::vector<std::string> args,
                              io_loop::clock::time_point deadline,
                              reply_handler handler) {
  auto job = std::make_shared<command_job>();
  job->args = std::move(args);
  job->deadline = deadline;
  job->handler = std::move(handler);
  submit({std::move(job)});
}

void command_gateway::submit(pending_command c) {
  std::unique_lock<std::mutex> guard{mtx_};
  if (!open_) {
    auto why = not_running(opened_before_);
    guard.unlock();
    c.job->settle(why);
    return;
  }
  if (loop_.in_loop_thread()) {
    // Actors, inline handlers and callbacks: no hop, and since every
    // command from this thread takes this path, their order holds. The
    // routers go only through a task of this thread (close()).
    guard.unlock();
    router_for(c).send(std::move(c.job));
    return;
  }
  bool first = batch_.empty();
  batch_.push_back(std::move(c));
  if (first)
    loop_.post([this] { drain(); });
}

void command_gateway::drain() {
  std::vector<pending_command> batch;
  bool open = false;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    batch.swap(batch_);
    open = router_ != nullptr;
  }
  // close() goes through the loop after every drain posted before it, so
  // the routers are there; the check is for a loop stopped meanwhile.
  for (auto& c : batch) {
    if (open)
      router_for(c).send(std::move(c.job));
    else
      c.job->settle(not_running(true));
  }
}

command_router& command_gateway::router_for(const pending_command& c) {
  if (!c.durable)
    return *router_;
  if (!std::exchange(durable_opened_, true))
    durable_router_->open();
  return *durable_router_;
}

void command_gateway::durable_command(std::vector<std::string> args,
                                      std::vector<std::string> follow_up,
                                      reply_handler on_reply,
                                      reply_handler on_follow_up) {
  auto job = std::make_shared<command_job>();
  job->args = std::move(args);
  job->deadline = io_loop::clock::now() + deadline_;
  job->follow_up = std::move(follow_up);
  job->handler = std::move(on_reply);
  job->follow_up_handler = std::move(on_follow_up);
  submit({std::move(job), true});
}

std::chrono::milliseconds command_gateway::socket_timeout() const {
  return where_->options().socket_timeout;
}

} // namespace redactor::redis
