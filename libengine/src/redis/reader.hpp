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
    /// ready: set up and reading; otherwise `why` says what failed.
    std::function<void(bool ready, const error_info* why)> on_state;
    /// Stream readers: an entry was moved to the dead-letter stream.
    std::function<void()> on_dead_lettered;
    log_sink log;
  };

  reader(io_loop& loop, connection_options options, connection::mode m,
         events ev, std::size_t credit);
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
  /// Pub/Sub mode: every reply.
  virtual void on_push(reply r);

  /// Set up: report ready and start reading.
  void set_up_done();
  /// Report ready without reading (Redis pushes).
  void report_ready();
  /// Hands a batch over; call before read_done().
  void deliver(inbound_batch batch);
  /// The read issued by read() has finished; `retry_later` backs off
  /// before the next read (after an error reply).
  void read_done(bool retry_later = false);
  void log(log_level level, const std::string& line) const;
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

  events ev_;
  std::size_t credit_;
  bool set_up_ = false;
  bool busy_ = false;
  io_loop::timer_id retry_timer_ = 0;
  std::function<void()> stopped_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace redactor::redis
