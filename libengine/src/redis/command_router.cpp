// SPDX-License-Identifier: MIT
#include "redis/command_router.hpp"

#include <algorithm>

#include "cluster/redirect.hpp"

namespace redactor::redis {
namespace {

/// More redirects than a resharding plus a failover can explain: a loop.
constexpr unsigned max_redirects = 16;

/// While no master serves a slot, or the cluster is busy: 50 ms doubling
/// to 800 ms, all within the command's deadline.
std::chrono::milliseconds retry_delay(unsigned attempt) {
  return std::chrono::milliseconds{50 << std::min(attempt, 4u)};
}

error_info stopped() {
  return make_error(errc::connection_lost, "broker stopped");
}

} // namespace

command_router::command_router(locator_ptr where, state_handler on_state,
                               bool resend_lost, queue_watcher watch)
    : where_(std::move(where)), loop_(where_->loop()),
      on_state_(std::move(on_state)), resend_lost_(resend_lost),
      watch_(std::move(watch)) {
  if (!where_->via_cluster())
    single_ = make_queue(route{});
}

command_router::~command_router() {
  *alive_ = false;
}

void command_router::open() {
  if (single_)
    return single_->open();
  auto alive = alive_;
  change_listener_ = where_->on_change([this, alive] {
    // Not inside a queue's own callback: a queue may go.
    loop_.defer([this, alive] {
      if (*alive && !closed_)
        on_change();
    });
  });
  // The slot map proves the cluster is there and the credentials good, as
  // the first connection does outside a cluster.
  where_->locate({}, [this, alive](result<address> at) {
    if (!*alive || closed_ || !on_state_)
      return;
    if (at)
      on_state_(connection_state::ready, nullptr);
    else
      on_state_(connection_state::disconnected, &at.error());
  });
}

void command_router::close() {
  closed_ = true;
  where_->forget(std::exchange(change_listener_, 0));
  for (auto& [timer, j] : later_) {
    loop_.cancel_timer(timer);
    j->settle(stopped());
  }
  later_.clear();
  if (single_)
    single_->close();
  for (auto& [at, q] : nodes_)
    q->close();
}

void command_router::send(command_job_ptr j) {
  if (single_)
    return single_->send(std::move(j));
  j->slot = cluster::command_slot(j->args);
  forward(std::move(j));
}

void command_router::drain(clock::time_point deadline,
                           std::function<void()> done) {
  std::vector<command_queue*> up;
  if (single_)
    up.push_back(single_.get());
  for (auto& [at, q] : nodes_)
    up.push_back(q.get());
  up.erase(std::remove_if(up.begin(), up.end(),
                          [](auto* q) {
                            // What is held cannot be sent anyway.
                            return q->state() != connection_state::ready;
                          }),
           up.end());
  if (up.empty())
    return done();
  auto pending = std::make_shared<std::size_t>(up.size());
  for (auto* q : up) {
    auto ping = std::make_shared<command_job>();
    ping->args = {"PING"};
    ping->deadline = deadline;
    ping->handler = [pending, done](result<reply>) {
      if (--*pending == 0)
        done();
    };
    q->send(std::move(ping));
  }
}

std::unique_ptr<command_queue> command_router::make_queue(const route& to) {
  command_queue::redirect_handler redirected;
  if (to.node)
    redirected = [this, from = *to.node](const command_job_ptr& j,
                                         const reply& error) {
      return redirect(j, error, from);
    };
  auto q = std::make_unique<command_queue>(where_, to, on_state_, resend_lost_,
                                           std::move(redirected));
  if (watch_)
    watch_(q->stats(), to.node);
  return q;
}

command_queue& command_router::queue_for(const address& node) {
  auto& q = nodes_[node];
  if (!q) {
    q = make_queue(route{{}, node});
    q->open();
  }
  return *q;
}

void command_router::forward(command_job_ptr j) {
  if (closed_)
    return j->settle(stopped());
  if (auto at = where_->current(route{j->slot, {}}))
    return queue_for(*at).send(std::move(j));
  auto alive = alive_;
  where_->locate({j->slot, {}}, [this, alive, j](result<address> at) {
    if (!*alive || closed_)
      return j->settle(stopped());
    if (at)
      return queue_for(*at).send(j);
    if (clock::now() + retry_delay(j->redirects) >= j->deadline)
      return j->settle(make_error(errc::connection_lost, at.error().detail));
    forward_later(j, retry_delay(j->redirects++));
  });
}

void command_router::forward_later(command_job_ptr j,
                                   std::chrono::milliseconds delay) {
  auto alive = alive_;
  auto timer = std::make_shared<io_loop::timer_id>(0);
  *timer = loop_.add_timer(delay, [this, alive, timer] {
    if (!*alive)
      return;
    auto found = later_.find(*timer);
    if (found == later_.end())
      return;
    auto j = std::move(found->second);
    later_.erase(found);
    forward(std::move(j));
  });
  later_.emplace(*timer, std::move(j));
}

bool command_router::redirect(const command_job_ptr& j, const reply& error,
                              const address& from) {
  if (closed_ || j->redirects >= max_redirects)
    return false;
  if (auto to = cluster::parse_redirect(error, from)) {
    ++j->redirects;
    if (to->type == cluster::redirect::kind::moved) {
      where_->moved(to->slot, to->to);
    } else {
      where_->asked();
      j->asking = true;
    }
    queue_for(to->to).send(j);
    return true;
  }
  if (!cluster::is_retryable(error) ||
      clock::now() + retry_delay(j->redirects) >= j->deadline)
    return false;
  forward_later(j, retry_delay(j->redirects++));
  return true;
}

void command_router::on_change() {
  auto masters = where_->masters();
  std::deque<command_job_ptr> moving;
  for (auto i = nodes_.begin(); i != nodes_.end();) {
    if (std::find(masters.begin(), masters.end(), i->first) != masters.end()) {
      ++i;
      continue;
    }
    // Held for a node that no longer serves: their slots' new owners.
    for (auto& j : i->second->take_held())
      moving.push_back(std::move(j));
    if (i->second->state() == connection_state::ready) {
      ++i; // still answering (an ASK target, a demoted master): kept
      continue;
    }
    i->second->close();
    i = nodes_.erase(i);
  }
  for (auto& j : moving)
    forward(std::move(j));
}

} // namespace redactor::redis
