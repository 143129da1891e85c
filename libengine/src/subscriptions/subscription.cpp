// SPDX-License-Identifier: MIT
#include "subscriptions/subscription.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>

#include "engine/engine_monitor.hpp"
#include "execution/atoms.hpp"
#include "execution/engine_future.hpp"
#include "redis/start_signal.hpp"
#include "subscriptions/redis_source.hpp"
#include "subscriptions/subscription_actor.hpp"

namespace redactor::subscriptions {
namespace {

/// How long to wait for an actor beyond its own graceful deadline.
constexpr std::chrono::seconds stop_slack{5};

} // namespace

subscription::subscription(subscription_spec_ptr spec,
                           reader_factory make_reader)
    : spec_(std::move(spec)), make_reader_(std::move(make_reader)) {
  // nop
}

std::future<std::optional<error_info>>
subscription::start(const engine::runtime& rt) {
  std::lock_guard<std::mutex> guard{mtx_};
  rt_ = rt;
  auto signal = std::make_shared<redis::start_signal>();
  auto result = signal->get_future();
  auto target = std::make_shared<subscription_actor_handle>();
  redis::reader::events ev;
  ev.on_batch = [target, stats = spec_->stats](redis::inbound_batch batch) {
    stats->backlog.fetch_add(static_cast<std::int64_t>(batch.size()),
                             std::memory_order_relaxed);
    caf::anon_send(*target, execution::batch_atom::value, std::move(batch));
  };
  ev.on_dead_lettered = [stats = spec_->stats] {
    stats->dead_lettered.fetch_add(1, std::memory_order_relaxed);
  };
  ev.on_state = [signal, status = status_, log = rt.log,
                 label = spec_->label](bool ready, const error_info* why) {
    bool changed = status->set(ready, why);
    if (signal->first(ready, why) || !log)
      return;
    // Once per episode: an outage, or Redis refusing (a new reason counts).
    if (why && why->code == make_error_code(errc::refused))
      log(log_level::error, label + ": not reading: " + why->detail);
    else if (changed)
      log(ready ? log_level::info : log_level::warning,
          label + (ready ? ": reading again"
                         : ": connection lost (" + why->message() +
                               "); reconnecting"));
  };
  ev.log = rt.log;
  reader_ = make_reader_(rt, std::move(ev));
  rt.monitor->watch(shared_from_this());
  rt.monitor->watch(spec_->label, reader_->connection_stats());
  subscription_setup setup;
  setup.processor = std::make_shared<processing::message_processor>(
      spec_, rt.outbox, *rt.metrics, rt.log);
  setup.source = std::make_shared<redis_source>(
      spec_, std::weak_ptr<redis::reader>{reader_}, *rt.loop, rt.gateway);
  auto mode = spec_->common.handlers == handler_mode::broker_default
                  ? rt.options->handlers
                  : spec_->common.handlers;
  setup.pool = mode == handler_mode::non_blocking ? nullptr : rt.pool;
  setup.stopping = taking_stopped_;
  setup.graceful_timeout = rt.options->graceful_timeout;
  setup.log = rt.log;
  actor_ = rt.system->spawn(subscription_actor, std::move(setup));
  *target = actor_;
  rt.loop->post([r = reader_] { r->open(); });
  return result;
}

bool subscription::begin_stop(caf::scoped_actor& self) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (!actor_ || stopping_)
    return false;
  stopping_ = true;
  self->send(actor_, execution::stop_atom::value);
  return true;
}

void subscription::finish_stop() {
  std::lock_guard<std::mutex> guard{mtx_};
  status_->set(false, nullptr);
  spec_->stats->backlog.store(0);
  if (!reader_)
    return;
  // The reader belongs to the loop thread: close and release it there.
  rt_.loop->post([r = std::move(reader_)]() mutable {
    r->close();
    r.reset();
  });
  reader_.reset();
  actor_ = nullptr;
}

void subscription::stop() {
  execution::refuse_loop_wait();
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (!actor_) // not started: it never will be
      stopping_ = true;
    if (!actor_ || stopping_)
      return;
  }
  caf::scoped_actor self{*rt_.system};
  if (!begin_stop(self))
    return;
  self->receive([](execution::stop_atom) {},
                caf::after(rt_.options->graceful_timeout + stop_slack) >>
                    [] {});
  finish_stop();
}

bool subscription::finished() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return stopping_ && !reader_;
}

bool subscription::active() const {
  return status_->reading();
}

} // namespace redactor::subscriptions
