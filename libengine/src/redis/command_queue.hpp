// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "redis/connection.hpp"

namespace redactor::redis {

/// The shared command connection with a deadline per command: commands
/// issued while Redis is unreachable, and (with `resend_lost`) commands
/// whose connection broke in flight, are held and sent again once the
/// connection is back, until their deadline; then they fail with
/// errc::connection_lost. Commands keep the order in which they were
/// issued.
///
/// Threading: loop thread only, like connection.
class command_queue {
 public:
  using clock = io_loop::clock;
  using state_handler =
      std::function<void(connection_state, const error_info* why)>;

  command_queue(locator_ptr where, state_handler on_state, bool resend_lost);

  void open() { conn_.open(); }

  /// Fails everything held and closes the connection.
  void close();

  void send(std::vector<std::string> args, clock::time_point deadline,
            connection::reply_handler handler);

  connection_state state() const noexcept { return conn_.state(); }

  connection_stats_ptr stats() const noexcept { return conn_.stats(); }

 private:
  struct job {
    std::vector<std::string> args;
    clock::time_point deadline;
    connection::reply_handler handler;
  };
  using job_ptr = std::shared_ptr<job>;

  void submit(job_ptr j);
  void hold(job_ptr j);
  void arm_sweep();
  void on_state(connection_state s, const error_info* why);
  void sweep();

  io_loop& loop_;
  state_handler on_state_;
  bool resend_lost_;
  connection conn_;
  std::deque<job_ptr> held_;
  io_loop::timer_id sweep_timer_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace redactor::redis
