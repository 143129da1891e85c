// SPDX-License-Identifier: MIT
#include "redis/command_queue.hpp"

namespace redactor::redis {
namespace {

constexpr std::chrono::milliseconds sweep_interval{50};

} // namespace

void command_job::settle(result<reply> r) {
  if (follow_up.empty()) {
    if (handler)
      handler(std::move(r));
    return;
  }
  if (r) {
    answer = std::move(r);
    return;
  }
  ++sends; // a follow-up answer still to come is not this send's
  if (handler)
    handler(r);
  if (follow_up_handler)
    follow_up_handler(std::move(r));
}

command_queue::command_queue(locator_ptr where, route to,
                             state_handler on_state, bool resend_lost,
                             redirect_handler redirect)
    : loop_(where->loop()), on_state_(std::move(on_state)),
      resend_lost_(resend_lost), redirect_(std::move(redirect)),
      conn_(std::move(where), std::move(to), connection::mode::commands,
            {[this](connection_state s, const error_info* why) {
               this->on_state(s, why);
             },
             {}}) {
  // nop
}

void command_queue::close() {
  *alive_ = false;
  loop_.cancel_timer(sweep_timer_);
  auto held = std::move(held_);
  held_.clear();
  auto closed = make_error(errc::connection_lost, "broker stopped");
  for (auto& j : held)
    j->settle(closed);
  conn_.close();
}

void command_queue::send(command_job_ptr j) {
  if (conn_.state() == connection_state::ready && held_.empty())
    submit(std::move(j));
  else if (conn_.state() == connection_state::closed)
    on_answer(j, make_error(errc::connection_lost, "broker stopped"));
  else
    hold(std::move(j));
}

std::deque<command_job_ptr> command_queue::take_held() {
  loop_.cancel_timer(std::exchange(sweep_timer_, 0));
  return std::exchange(held_, {});
}

void command_queue::submit(command_job_ptr j) {
  if (std::exchange(j->asking, false))
    conn_.send({"ASKING"}, {});
  auto send = ++j->sends;
  auto alive = alive_;
  views_.assign(j->args.begin(), j->args.end());
  conn_.send(views_, [this, alive, j](result<reply> r) {
    if (*alive)
      on_answer(j, std::move(r));
    else
      j->settle(std::move(r));
  });
  if (j->follow_up.empty())
    return;
  views_.assign(j->follow_up.begin(), j->follow_up.end());
  conn_.send(views_, [j, send](result<reply> r) {
    // The command was held or redirected meanwhile: not this send's.
    if (j->sends != send || !j->answer)
      return;
    if (j->handler)
      j->handler(std::move(*j->answer));
    if (j->follow_up_handler)
      j->follow_up_handler(std::move(r));
  });
}

void command_queue::on_answer(const command_job_ptr& j, result<reply> r) {
  if (!r && resend_lost_ && r.error().code == errc::connection_lost &&
      clock::now() < j->deadline && conn_.state() != connection_state::closed) {
    ++j->sends; // its follow-up, if any, was lost with it
    return hold(j);
  }
  if (r && r->is_error() && redirect_) {
    ++j->sends;
    if (redirect_(j, *r))
      return;
    --j->sends;
  }
  j->settle(std::move(r));
}

void command_queue::hold(command_job_ptr j) {
  held_.push_back(std::move(j));
  arm_sweep();
}

void command_queue::arm_sweep() {
  if (sweep_timer_ != 0)
    return;
  sweep_timer_ = loop_.add_timer(sweep_interval, [this] {
    sweep_timer_ = 0;
    sweep();
  });
}

void command_queue::on_state(connection_state s, const error_info* why) {
  if (s == connection_state::ready) {
    auto held = std::move(held_);
    held_.clear();
    for (auto& j : held) {
      conn_.count_resent();
      submit(std::move(j));
    }
  }
  if (on_state_)
    on_state_(s, why);
}

void command_queue::sweep() {
  auto now = clock::now();
  std::vector<command_job_ptr> expired;
  for (auto i = held_.begin(); i != held_.end();) {
    if ((*i)->deadline <= now) {
      expired.push_back(std::move(*i));
      i = held_.erase(i);
    } else {
      ++i;
    }
  }
  for (auto& j : expired)
    on_answer(j, make_error(errc::connection_lost,
                            "Redis stayed unreachable until the deadline; "
                            "the command was not sent"));
  if (!held_.empty())
    arm_sweep();
}

} // namespace redactor::redis
