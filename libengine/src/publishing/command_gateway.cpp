// SPDX-License-Identifier: MIT
#include "publishing/command_gateway.hpp"

#include <future>

#include "publishing/outgoing.hpp"
#include "redis/commands.hpp"

namespace redactor::detail {
namespace {

error_info not_running(bool opened_before) {
  return make_error(errc::not_running, opened_before
                                           ? "it was stopped"
                                           : "start() has not been called");
}

} // namespace

command_gateway::command_gateway(redis::locator_ptr where,
                                 const broker_options& options)
    : outbox(options), where_(std::move(where)), loop_(where_->loop()),
      deadline_(options.publish_timeout),
      resend_lost_(options.delivery == command_delivery::at_least_once) {
  // nop
}

void command_gateway::open(redis::command_router::state_handler on_state,
                           redis::command_router::queue_watcher commands,
                           redis::command_router::queue_watcher durable) {
  std::lock_guard<std::mutex> guard{mtx_};
  open_ = true;
  opened_before_ = true;
  router_ = std::make_unique<redis::command_router>(
      where_, std::move(on_state), resend_lost_, std::move(commands));
  durable_router_ = std::make_unique<redis::command_router>(
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
    auto deadline = redis::io_loop::clock::now() + timeout;
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
  command(std::move(args), redis::io_loop::clock::now() + deadline_,
          std::move(handler));
}

void command_gateway::command(std::vector<std::string> args,
                              redis::io_loop::clock::time_point deadline,
                              reply_handler handler) {
  auto job = std::make_shared<redis::command_job>();
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

redis::command_router& command_gateway::router_for(const pending_command& c) {
  if (!c.durable)
    return *router_;
  if (!std::exchange(durable_opened_, true))
    durable_router_->open();
  return *durable_router_;
}

void command_gateway::send(const destination& to,
                           std::vector<std::string> frames,
                           const publish_options& options,
                           publish_callback callback) {
  if (options.min_replicas > 0)
    return send_durable(to, std::move(frames), options, std::move(callback));
  command(redis::commands::append(to, std::move(frames)),
          [cb{std::move(callback)}](result<redis::reply> r) {
            if (cb)
              cb(outgoing::to_result(std::move(r)));
          });
}

void command_gateway::send_durable(const destination& to,
                                   std::vector<std::string> frames,
                                   const publish_options& options,
                                   publish_callback callback) {
  auto socket_timeout = where_->options().socket_timeout;
  if (socket_timeout.count() > 0 && options.replica_timeout >= socket_timeout) {
    if (callback)
      callback(make_error(errc::invalid_argument,
                          "replica_timeout must stay below the connection's "
                          "socket_timeout (" +
                              std::to_string(socket_timeout.count()) + " ms)"));
    return;
  }
  // The write and its WAIT go out back to back on one connection (WAIT
  // counts the replicas holding that connection's writes), and move as one
  // when held or redirected.
  auto job = std::make_shared<redis::command_job>();
  job->args = redis::commands::append(to, std::move(frames));
  job->deadline = redis::io_loop::clock::now() + deadline_;
  job->follow_up = {"WAIT", std::to_string(options.min_replicas),
                    std::to_string(options.replica_timeout.count())};
  auto written = std::make_shared<result<publish_result>>(
      make_error(errc::connection_lost, "no answer to the write"));
  job->handler = [written](result<redis::reply> r) {
    *written = outgoing::to_result(std::move(r));
  };
  job->follow_up_handler = [written, cb{std::move(callback)},
                            wanted =
                                options.min_replicas](result<redis::reply> r) {
    if (!cb)
      return;
    if (!*written)
      return cb(std::move(*written));
    if (!r)
      return cb(make_error(errc::connection_lost,
                           "the connection broke between the write and its "
                           "WAIT: the write ran, its replication is unknown"));
    if (r->is_error())
      return cb(make_error(errc::refused, "WAIT: " + r->str));
    (*written)->replicas = r->integer;
    if (r->integer < wanted)
      return cb(make_error(errc::under_replicated,
                           std::to_string(r->integer) + " of " +
                               std::to_string(wanted) +
                               " replicas confirmed the write in time"));
    cb(std::move(*written));
  };
  submit({std::move(job), true});
}

} // namespace redactor::detail
