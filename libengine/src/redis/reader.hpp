// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "redactor/log_sink.hpp"
#include "redis/connection.hpp"
#include "redis/inbound.hpp"

namespace redactor::redis {

/// Reads one subscription's source on a connection of its own and hands
/// each read's payloads over as one batch.
///
/// Flow control: the reader holds a credit of payloads it may still hand
/// over and reads no more than that; the consumer grants credit back as it
/// finishes payloads, so a slow handler stops the reads instead of filling
/// memory. Subclasses say how to set up after each (re)connect and how to
/// read.
///
/// Threading: loop thread only. Owned through shared_ptr so that posted
/// tasks can keep it alive.
class reader : public std::enable_shared_from_this<reader> {
 public:
  struct events {
    /// One read's payloads, never empty.
    std::function<void(inbound_batch)> on_batch;
    /// ready: set up and reading; otherwise `why` says what failed: the
    /// connection (errc::connection_failed or connection_lost), or Redis
    /// refusing the reader's commands (errc::refused, Redis's words).
    std::function<void(bool ready, const error_info* why)> on_state;
    /// Stream readers: an entry was moved to the dead-letter stream.
    std::function<void()> on_dead_lettered;
    log_sink log;
  };

  /// `to`: a list or stream is read where its key lives (route::slot).
  reader(locator_ptr where, route to, connection::mode m, events ev,
         std::size_t credit);
  virtual ~reader();

  reader(const reader&) = delete;
  reader& operator=(const reader&) = delete;

  void open();

  /// `n` more payloads may be handed over.
  void grant(std::size_t n);

  /// Reads nothing new; `stopped` runs once the read in flight (whose
  /// payloads are still handed over) has returned.
  void stop(std::function<void()> stopped);

  /// Closes the connection at once.
  void close();

  /// Any thread: the pointer is fixed at construction.
  connection_stats_ptr connection_stats() const noexcept {
    return conn_.stats();
  }

 protected:
  /// The connection is (again) ready: set up, then call set_up_done().
  virtual void on_connected() = 0;
  /// Issue one read of at most `max` payloads; call read_done() with the
  /// outcome.
  virtual void read(std::size_t max) = 0;
  /// Pub/Sub mode: every reply, lent until the call returns (move out what
  /// is kept).
  virtual void on_push(reply& r);

  /// Set up: report ready and start reading.
  void set_up_done();
  /// Report ready without reading (Redis pushes).
  void report_ready();
  /// Hands a batch over; call before read_done().
  void deliver(inbound_batch batch);
  /// The read issued by read() has finished: with a reply (which ends a
  /// refusal), or with the connection.
  void read_done();
  /// Redis answered a read with an error (NOPERM, WRONGTYPE, OOM...): the
  /// reader is not reading, with Redis's words as the reason (reported
  /// through on_state once per episode, counted in
  /// connection_stats::refused) until a read succeeds or the set-up is done
  /// again; the next read comes after a backoff. `what` names the source
  /// and command ("list jobs: BLMPOP").
  void read_refused(const std::string& what, const reply& error);
  /// The same for a set-up command: on_connected() runs again after the
  /// backoff.
  void setup_refused(const std::string& what, const reply& error);
  void log(log_level level, const std::string& line) const;
  /// A refusal is under way (see read_refused).
  bool refused() const noexcept { return !refusal_.empty(); }
  const events& reported() const noexcept { return ev_; }
  /// Wraps a reply handler so it does nothing once this reader is gone.
  connection::reply_handler guarded(connection::reply_handler h);
  io_loop::task guarded_task(io_loop::task t);

  io_loop& loop_;
  connection conn_;
  bool stopping_ = false;

 private:
  void maybe_read();
  void on_conn_state(connection_state s, const error_info* why);
  void finish_stop();
  /// Counts a refusal, and reports it when it differs from the one under
  /// way.
  void refuse(const std::string& what, const reply& error);

  events ev_;
  std::size_t credit_;
  bool set_up_ = false;
  bool busy_ = false;
  io_loop::timer_id retry_timer_ = 0;
  /// The refusal under way ("list jobs: BLMPOP: NOPERM ..."); empty: none.
  std::string refusal_;
  std::function<void()> stopped_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace redactor::redis
