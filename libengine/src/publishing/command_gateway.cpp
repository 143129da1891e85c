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

command_gateway::command_gateway(redis::locator_ptr where,
                                 const broker_options& options)
    : outbox(options.max_message_bytes), where_(std::move(where)),
      loop_(where_->loop()), deadline_(options.publish_timeout),
      resend_lost_(options.delivery == command_delivery::at_least_once) {
  // nop
}

void command_gateway::open(redis::command_queue::state_handler on_state) {
  std::lock_guard<std::mutex> guard{mtx_};
  open_ = true;
  queue_ = std::make_unique<redis::command_queue>(where_, std::move(on_state),
                                                  resend_lost_);
  durable_queue_ =
      std::make_unique<redis::command_queue>(where_, nullptr, resend_lost_);
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
  auto drained = std::make_shared<std::promise<void>>();
  auto done = drained->get_future();
  loop_.post([this, timeout, drained] {
    auto deadline = redis::io_loop::clock::now() + timeout;
    auto pending = std::make_shared<int>(0);
    for (auto* q : {queue_.get(), durable_queue_.get()}) {
      // While Redis is away, what is held cannot be sent anyway.
      if (q->state() != redis::connection_state::ready)
        continue;
      ++*pending;
      q->send({"PING"}, deadline, [pending, drained](result<redis::reply>) {
        if (--*pending == 0)
          drained->set_value();
      });
    }
    if (*pending == 0)
      drained->set_value();
  });
  done.wait();
  // The queues live on the loop thread, and publishers may outlive the
  // loop: they go now.
  loop_.call([this] {
    queue_->close();
    queue_.reset();
    durable_queue_->close();
    durable_queue_.reset();
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
  submit({std::move(args), deadline, std::move(handler)});
}

void command_gateway::submit(pending_command c) {
  std::unique_lock<std::mutex> guard{mtx_};
  if (!open_) {
    guard.unlock();
    if (c.handler)
      c.handler(gateway_closed());
    return;
  }
  if (loop_.in_loop_thread()) {
    // Actors, inline handlers and callbacks: no hop, and since every
    // command from this thread takes this path, their order holds. The
    // queues go only through a task of this thread (close()).
    guard.unlock();
    queue_for(c).send(std::move(c.args), c.deadline, std::move(c.handler));
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
    open = queue_ != nullptr;
  }
  // close() goes through the loop after every drain posted before it, so
  // the queues are there; the check is for a loop stopped meanwhile.
  for (auto& c : batch) {
    if (open)
      queue_for(c).send(std::move(c.args), c.deadline, std::move(c.handler));
    else if (c.handler)
      c.handler(gateway_closed());
  }
}

redis::command_queue& command_gateway::queue_for(const pending_command& c) {
  if (!c.durable)
    return *queue_;
  if (!std::exchange(durable_opened_, true))
    durable_queue_->open();
  return *durable_queue_;
}

redis::connection_stats_ptr command_gateway::stats() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return queue_ ? queue_->stats() : nullptr;
}

redis::connection_stats_ptr command_gateway::durable_stats() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return durable_queue_ ? durable_queue_->stats() : nullptr;
}

void command_gateway::send(const destination& to,
                           std::vector<std::string> frames,
                           const publish_options& options,
                           publish_callback callback) {
  if (options.min_replicas > 0)
    return send_durable(to, std::move(frames), options, std::move(callback));
  command(outgoing::command(to, std::move(frames)),
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
  auto stats = durable_stats();
  if (!stats) {
    if (callback)
      callback(gateway_closed());
    return;
  }
  // The write and its WAIT go out back to back on one connection. WAIT
  // counts the replicas holding this connection's writes, so it means
  // something only on the connection the write ran on: the write's answer
  // records which one that was.
  struct durable_write {
    result<publish_result> written =
        make_error(errc::connection_lost, "no answer to the write");
    std::uint64_t connection = 0;
  };
  auto state = std::make_shared<durable_write>();
  auto deadline = redis::io_loop::clock::now() + deadline_;
  submit({outgoing::command(to, std::move(frames)), deadline,
          [state, stats](result<redis::reply> r) {
            state->written = outgoing::to_result(std::move(r));
            state->connection = stats->reconnects.load();
          },
          true});
  submit({{"WAIT", std::to_string(options.min_replicas),
           std::to_string(options.replica_timeout.count())},
          deadline,
          [state, stats, cb{std::move(callback)},
           wanted = options.min_replicas](result<redis::reply> r) {
            if (!cb)
              return;
            if (!state->written)
              return cb(std::move(state->written));
            if (r && stats->reconnects.load() != state->connection)
              r = make_error(errc::connection_lost,
                             "the connection broke between the write and its "
                             "WAIT: the write ran, its replication is unknown");
            if (!r)
              return cb(r.error());
            if (r->is_error())
              return cb(make_error(errc::refused, "WAIT: " + r->str));
            state->written->replicas = r->integer;
            if (r->integer < wanted)
              return cb(make_error(
                  errc::under_replicated,
                  std::to_string(r->integer) + " of " + std::to_string(wanted) +
                      " replicas confirmed the write in time"));
            cb(std::move(state->written));
          },
          true});
}

} // namespace redactor::detail
