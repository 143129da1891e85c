// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redis/connection.hpp"

namespace redactor::redis {

/// One command for a command_queue, with what it needs to be held, sent
/// again and (on a cluster) redirected.
struct command_job {
  using clock = io_loop::clock;

  std::vector<std::string> args;
  clock::time_point deadline;
  /// Called through the job, never copied out of it: command_job_for's
  /// handler points into its job.
  connection::reply_handler handler;
  /// Sent right behind the command on the same connection (WAIT after a
  /// write); both handlers run once its answer is in. The pair moves as
  /// one: held, sent again or redirected together.
  std::vector<std::string> follow_up;
  connection::reply_handler follow_up_handler;
  /// Cluster: the slot the command is routed by (cluster::command_slot).
  std::optional<std::uint16_t> slot;
  /// Cluster: ASKING goes first (an ASK redirect), on the next send only.
  bool asking = false;
  /// Cluster: redirects taken so far, against loops.
  unsigned redirects = 0;
  /// Sends so far; a follow-up's answer counts only for the send it
  /// belongs to.
  unsigned sends = 0;
  /// The command's answer, waiting for the follow-up's.
  std::optional<result<reply>> answer;

  /// Hands the answer over: at once, or with a follow-up once the
  /// follow-up's answer is in. A failure ends both: the follow-up cannot
  /// have run.
  void settle(result<reply> r);
};

/// A command_job that keeps what its answer goes to inline: its handler
/// only points there. (A handler wrapping a callable of its own costs an
/// allocation per command.) Made only by make_shared and never copied, so
/// the pointer stays valid for the job's life.
template <class Done>
struct command_job_for final : command_job {
  explicit command_job_for(Done d) : done(std::move(d)) {
    handler = [this](result<reply> r) { done(std::move(r)); };
  }
  command_job_for(const command_job_for&) = delete;
  command_job_for& operator=(const command_job_for&) = delete;

  Done done;
};

using command_job_ptr = std::shared_ptr<command_job>;

/// A command connection with a deadline per command: commands issued
/// while Redis is unreachable, and (with `resend_lost`) commands whose
/// connection broke in flight, are held and sent again once the connection
/// is back, until their deadline; then they fail with
/// errc::connection_lost. Commands keep the order in which they were
/// issued.
///
/// Threading: loop thread only, like connection.
class command_queue {
 public:
  using clock = io_loop::clock;
  using state_handler =
      std::function<void(connection_state, const error_info* why)>;
  /// Offered each error answer before its handler: true takes the job
  /// over (a cluster redirect), and its answer goes nowhere else.
  using redirect_handler =
      std::function<bool(const command_job_ptr&, const reply& error)>;

  command_queue(locator_ptr where, route to, state_handler on_state,
                bool resend_lost, redirect_handler redirect = {});

  void open() { conn_.open(); }

  /// Fails everything held and closes the connection.
  void close();

  void send(command_job_ptr j);

  /// Hands over the jobs held for a connection that is not coming back
  /// (a node no longer a master).
  std::deque<command_job_ptr> take_held();

  connection_state state() const noexcept { return conn_.state(); }

  connection_stats_ptr stats() const noexcept { return conn_.stats(); }

 private:
  void submit(command_job_ptr j);
  void on_answer(const command_job_ptr& j, result<reply> r);
  void hold(command_job_ptr j);
  void arm_sweep();
  void on_state(connection_state s, const error_info* why);
  void sweep();

  io_loop& loop_;
  state_handler on_state_;
  bool resend_lost_;
  redirect_handler redirect_;
  connection conn_;
  std::deque<command_job_ptr> held_;
  /// The arguments of the command being sent, kept for their capacity.
  std::vector<std::string_view> views_;
  io_loop::timer_id sweep_timer_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace redactor::redis
