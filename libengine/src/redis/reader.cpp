// SPDX-License-Identifier: MIT
#include "redis/reader.hpp"

namespace redactor::redis {
namespace {

/// After an error reply (WRONGTYPE, a full disk): do not hot-loop.
constexpr std::chrono::milliseconds error_backoff{1000};

} // namespace

reader::reader(locator_ptr where, route to, connection::mode m, events ev,
               std::size_t credit)
    : loop_(where->loop()),
      conn_(std::move(where), std::move(to), m,
            {[this](connection_state s, const error_info* why) {
               on_conn_state(s, why);
             },
             [this](reply& r) { on_push(r); }}),
      ev_(std::move(ev)), credit_(credit) {
  // nop
}

reader::~reader() {
  *alive_ = false;
  loop_.cancel_timer(retry_timer_);
}

void reader::open() {
  conn_.open();
}

void reader::grant(std::size_t n) {
  credit_ += n;
  maybe_read();
}

void reader::stop(std::function<void()> stopped) {
  stopping_ = true;
  stopped_ = std::move(stopped);
  loop_.cancel_timer(retry_timer_);
  retry_timer_ = 0;
  if (!busy_)
    finish_stop();
}

void reader::close() {
  *alive_ = false;
  loop_.cancel_timer(retry_timer_);
  conn_.close();
}

void reader::on_push(reply&) {
  // Only Pub/Sub readers get pushes.
}

void reader::set_up_done() {
  set_up_ = true;
  report_ready();
  maybe_read();
}

void reader::report_ready() {
  refusal_.clear();
  if (ev_.on_state)
    ev_.on_state(true, nullptr);
}

void reader::deliver(inbound_batch batch) {
  if (batch.empty())
    return;
  credit_ -= std::min(credit_, batch.size());
  ev_.on_batch(std::move(batch));
}

void reader::read_done() {
  busy_ = false;
  // The connection is marked down before its replies fail: still ready
  // means this read was answered, which ends a refusal.
  if (!refusal_.empty() && conn_.state() == connection_state::ready)
    report_ready();
  if (stopping_)
    finish_stop();
  else
    maybe_read();
}

void reader::read_refused(const std::string& what, const reply& error) {
  busy_ = false;
  refuse(what, error);
  if (stopping_)
    return finish_stop();
  retry_timer_ = loop_.add_timer(error_backoff, [this] {
    retry_timer_ = 0;
    maybe_read();
  });
}

void reader::setup_refused(const std::string& what, const reply& error) {
  refuse(what, error);
  if (stopping_)
    return;
  retry_timer_ = loop_.add_timer(error_backoff, [this] {
    retry_timer_ = 0;
    if (!stopping_ && conn_.state() == connection_state::ready)
      on_connected();
  });
}

void reader::refuse(const std::string& what, const reply& error) {
  conn_.count_refused();
  auto reason = what + ": " + error.str;
  if (reason == refusal_)
    return;
  refusal_ = reason;
  if (ev_.on_state) {
    auto why = make_error(errc::refused, reason);
    ev_.on_state(false, &why);
  }
}

void reader::log(log_level level, const std::string& line) const {
  if (ev_.log)
    ev_.log(level, line);
}

connection::reply_handler reader::guarded(connection::reply_handler h) {
  auto alive = alive_;
  return [alive, h{std::move(h)}](result<reply> r) {
    if (*alive)
      h(std::move(r));
  };
}

io_loop::task reader::guarded_task(io_loop::task t) {
  auto alive = alive_;
  return [alive, t{std::move(t)}] {
    if (*alive)
      t();
  };
}

void reader::maybe_read() {
  if (busy_ || stopping_ || !set_up_ || credit_ == 0 || retry_timer_ != 0 ||
      conn_.state() != connection_state::ready)
    return;
  busy_ = true;
  read(credit_);
}

void reader::on_conn_state(connection_state s, const error_info* why) {
  if (s == connection_state::ready) {
    set_up_ = false;
    busy_ = false;
    loop_.cancel_timer(retry_timer_);
    retry_timer_ = 0;
    if (!stopping_)
      on_connected();
  } else if (s == connection_state::disconnected) {
    set_up_ = false;
    // The read in flight failed with the connection; a stop waiting for it
    // need not wait for a reconnect.
    if (busy_) {
      busy_ = false;
      if (stopping_)
        finish_stop();
    }
    if (ev_.on_state)
      ev_.on_state(false, why);
  }
}

void reader::finish_stop() {
  if (auto f = std::move(stopped_)) {
    stopped_ = nullptr;
    f();
  }
}

} // namespace redactor::redis
