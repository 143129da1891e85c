// SPDX-License-Identifier: MIT
#include "redis/command_queue.hpp"

namespace redactor::redis {
namespace {

constexpr std::chrono::milliseconds sweep_interval{50};

} // namespace

command_queue::command_queue(locator_ptr where, state_handler on_state,
                             bool resend_lost)
    : loop_(where->loop()), on_state_(std::move(on_state)),
      resend_lost_(resend_lost),
      conn_(std::move(where), connection::mode::commands,
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
    if (j->handler)
      j->handler(closed);
  conn_.close();
}

void command_queue::send(std::vector<std::string> args,
                         clock::time_point deadline,
                         connection::reply_handler handler) {
  auto j =
      std::make_shared<job>(job{std::move(args), deadline, std::move(handler)});
  if (conn_.state() == connection_state::ready && held_.empty())
    submit(std::move(j));
  else if (conn_.state() == connection_state::closed)
    j->handler(make_error(errc::connection_lost, "broker stopped"));
  else
    hold(std::move(j));
}

void command_queue::submit(job_ptr j) {
  std::vector<std::string_view> views(j->args.begin(), j->args.end());
  auto alive = alive_;
  conn_.send(views, [this, alive, j](result<reply> r) {
    if (!r && *alive && resend_lost_ &&
        r.error().code == errc::connection_lost && clock::now() < j->deadline) {
      hold(j);
      return;
    }
    if (j->handler)
      j->handler(std::move(r));
  });
}

void command_queue::hold(job_ptr j) {
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
  std::vector<job_ptr> expired;
  for (auto i = held_.begin(); i != held_.end();) {
    if ((*i)->deadline <= now) {
      expired.push_back(std::move(*i));
      i = held_.erase(i);
    } else {
      ++i;
    }
  }
  for (auto& j : expired)
    if (j->handler)
      j->handler(make_error(errc::connection_lost,
                            "Redis stayed unreachable until the deadline; "
                            "the command was not sent"));
  if (!held_.empty())
    arm_sweep();
}

} // namespace redactor::redis
