// SPDX-License-Identifier: MIT
#include "redis/connection.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <random>
#include <utility>

#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cluster/redirect.hpp"

namespace redactor::redis {
namespace {

constexpr std::chrono::milliseconds backoff_base{50};
constexpr std::chrono::milliseconds backoff_cap{1000};
constexpr std::size_t read_chunk = 64 * 1024;
/// hiredis' reader moves its unread bytes to the front of its buffer each
/// time it has consumed 1 KB of them. Fed a whole read at once, that moves
/// up to 64 KB per 1 KB parsed (two thirds of a channel consumer's CPU in
/// the profile); fed in slices and drained after each, a move stays within
/// one slice.
constexpr std::size_t feed_slice = 4 * 1024;

/// Appends "<prefix><n>\r\n", a RESP length line.
void append_length(std::string& out, char prefix, std::size_t n) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.push_back(prefix);
  out.append(digits, end);
  out.append("\r\n", 2);
}

/// Appends the command in RESP to `out`. (hiredis' redisFormatCommandArgv
/// formats each length with sprintf and needs two arrays and a copy: a
/// tenth of a publishing thread's time.)
void append_command(std::string& out,
                    const std::vector<std::string_view>& args) {
  std::size_t size = 16;
  for (auto a : args)
    size += a.size() + 24;
  // Doubling explicitly: a pipelined turn appends many commands, and not
  // every standard library grows a reserve geometrically.
  if (out.capacity() - out.size() < size)
    out.reserve(std::max(out.size() + size, 2 * out.capacity()));
  append_length(out, '*', args.size());
  for (auto a : args) {
    append_length(out, '$', a.size());
    out.append(a);
    out.append("\r\n", 2);
  }
}

std::string format_command(const std::vector<std::string_view>& args) {
  std::string out;
  append_command(out, args);
  return out;
}

/// Full jitter in the upper half: spreads the reconnects of many processes
/// without ever waiting longer than the cap.
std::chrono::milliseconds backoff(unsigned attempt) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  auto shift = std::min(attempt, 5u);
  auto delay = std::min(backoff_cap, backoff_base * (1 << shift));
  std::uniform_int_distribution<long> pick(delay.count() / 2, delay.count());
  return std::chrono::milliseconds{pick(rng)};
}

std::string errno_text(int err) {
  return std::strerror(err);
}

} // namespace

connection::connection(locator_ptr where, route to, mode m, listener events,
                       std::shared_ptr<connection_stats> stats)
    : where_(std::move(where)), route_(std::move(to)), loop_(where_->loop()),
      options_(where_->options()), mode_(m), events_(std::move(events)),
      stats_(stats ? std::move(stats) : std::make_shared<connection_stats>()) {
  // nop
}

connection::~connection() {
  *alive_ = false;
  where_->forget(route_listener_);
  loop_.cancel_timer(reconnect_timer_);
  release_socket();
}

void connection::open() {
  attempt_ = 0;
  if ((where_->via_sentinel() || where_->via_cluster()) &&
      route_listener_ == 0) {
    auto alive = alive_;
    route_listener_ = where_->on_change([this, alive] {
      if (*alive)
        on_route_change();
    });
  }
  connect_socket();
}

void connection::on_route_change() {
  auto now = where_->current(route_);
  // Not connected anywhere yet, or still asking where to: the answer to
  // come is the new one.
  if (!now || !node_ || where_->serves(route_, *node_) ||
      (state_ == connection_state::connecting && fd_ < 0))
    return;
  auto why =
      (where_->via_cluster() ? "the slot moved to " : "the master moved to ") +
      now->text();
  if (state_ == connection_state::ready) {
    fail(errc::connection_lost, why);
  } else if (state_ == connection_state::connecting) {
    fail(errc::connection_failed, why);
  } else if (state_ == connection_state::disconnected) {
    // Backing off from the old server: the new one is worth a try now.
    loop_.cancel_timer(std::exchange(reconnect_timer_, 0));
    connect_socket();
  }
}

void connection::close() {
  where_->forget(std::exchange(route_listener_, 0));
  loop_.cancel_timer(reconnect_timer_);
  release_socket();
  auto in_flight = std::move(in_flight_);
  auto waiting = std::move(waiting_);
  in_flight_.clear();
  waiting_.clear();
  set_state(connection_state::closed, nullptr);
  auto alive = alive_;
  auto closed = make_error(errc::connection_lost, "connection closed");
  for (auto& h : in_flight)
    if (h && *alive)
      h(closed);
  for (auto& p : waiting)
    if (p.handler && *alive)
      p.handler(closed);
}

void connection::send(const std::vector<std::string_view>& args,
                      reply_handler handler) {
  if (state_ == connection_state::ready) {
    // Straight into the output buffer: no string per command.
    append_command(out_, args);
    expect_reply(std::move(handler));
  } else if (state_ == connection_state::closed) {
    if (handler)
      handler(make_error(errc::connection_lost, "connection closed"));
  } else {
    waiting_.push_back({format_command(args), std::move(handler)});
  }
}

// -- connecting ---------------------------------------------------------------

void connection::connect_socket() {
  set_state(connection_state::connecting, nullptr);
  auto alive = alive_;
  where_->locate(route_, [this, alive](result<address> at) {
    if (!*alive || state_ != connection_state::connecting || fd_ >= 0)
      return;
    if (!at)
      return fail(errc::connection_failed, at.error().detail);
    connect_to(*at);
  });
}

void connection::connect_to(const address& at) {
  node_ = at;
  stats_->set_node(
      {options_.unix_path.empty() ? at.text() : options_.unix_path, ""});
  int fd = -1;
  if (!options_.unix_path.empty()) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (options_.unix_path.size() >= sizeof addr.sun_path)
      return fail(errc::connection_failed, "unix socket path too long");
    std::memcpy(addr.sun_path, options_.unix_path.c_str(),
                options_.unix_path.size() + 1);
    fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd >= 0 &&
        ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 &&
        errno != EINPROGRESS && errno != EAGAIN) {
      auto err = errno;
      ::close(fd);
      return fail(errc::connection_failed, errno_text(err));
    }
  } else {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    auto port = std::to_string(at.port);
    if (int rc = ::getaddrinfo(at.host.c_str(), port.c_str(), &hints, &found);
        rc != 0)
      return fail(errc::connection_failed, ::gai_strerror(rc));
    fd = ::socket(found->ai_family,
                  found->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int rc = fd < 0 ? -1 : ::connect(fd, found->ai_addr, found->ai_addrlen);
    auto err = errno;
    ::freeaddrinfo(found);
    if (fd >= 0 && rc != 0 && err != EINPROGRESS) {
      ::close(fd);
      return fail(errc::connection_failed, errno_text(err));
    }
  }
  if (fd < 0)
    return fail(errc::connection_failed, errno_text(errno));
  fd_ = fd;
  reader_ = make_reply_reader();
  socket_connecting_ = true;
  loop_.watch(fd_, this, false, true);
  auto alive = alive_;
  reconnect_timer_ = loop_.add_timer(options_.connect_timeout, [this, alive] {
    reconnect_timer_ = 0;
    if (*alive && state_ == connection_state::connecting)
      fail(errc::connection_failed,
           (tls_handshaking_ ? "no answer to the TLS handshake within "
                             : "no answer within ") +
               std::to_string(options_.connect_timeout.count()) + " ms" +
               (tls_handshaking_
                    ? " (a plain Redis port does not answer TLS: is this "
                      "port a TLS one?)"
                    : ""));
  });
}

void connection::on_connected() {
  socket_connecting_ = false;
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0)
    return fail(errc::connection_failed, errno_text(err));
  if (options_.unix_path.empty()) {
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(fd_, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
  }
  if (options_.tls.enabled) {
    if (!tls_context_) {
      auto ctx = tls_session::context::make(options_.tls);
      if (!ctx)
        return fail(errc::connection_failed, ctx.error().detail);
      tls_context_ = std::move(*ctx);
    }
    tls_ = std::make_unique<tls_session>(tls_context_, fd_, node_->host);
    tls_handshaking_ = true;
    return continue_tls();
  }
  loop_.watch(fd_, this, true, false);
  send_handshake();
}

void connection::continue_tls() {
  switch (tls_->handshake()) {
  case tls_session::status::done:
    tls_handshaking_ = false;
    loop_.watch(fd_, this, true, false);
    return send_handshake();
  case tls_session::status::want_read:
    return loop_.watch(fd_, this, true, false);
  case tls_session::status::want_write:
    return loop_.watch(fd_, this, false, true);
  case tls_session::status::closed:
  case tls_session::status::failed:
    return fail(errc::connection_failed, tls_->failure());
  }
}

void connection::send_handshake() {
  std::vector<std::vector<std::string_view>> steps;
  std::string db = std::to_string(options_.db);
  if (!options_.password.empty()) {
    if (options_.user.empty())
      steps.push_back({"AUTH", options_.password});
    else
      steps.push_back({"AUTH", options_.user, options_.password});
  }
  if (options_.db != 0)
    steps.push_back({"SELECT", db});
  // Ready only after a round trip: a frozen server still accepts TCP, and
  // one that refuses (maxclients) says why in its answer. ROLE tells a
  // master from a replica.
  steps.push_back({"ROLE"});
  auto alive = alive_;
  auto finish = [this, alive] {
    if (!*alive)
      return;
    loop_.cancel_timer(reconnect_timer_);
    reconnect_timer_ = 0;
    handshake_done_ = true;
    ready_since_ = io_loop::clock::now();
    arm_health_check();
    set_state(connection_state::ready, nullptr);
    if (!*alive || state_ != connection_state::ready)
      return;
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& p : waiting) {
      out_ += p.bytes;
      expect_reply(std::move(p.handler));
    }
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    bool last = i + 1 == steps.size();
    std::string what{steps[i][0]};
    append_command(out_, steps[i]);
    in_flight_.push_back([this, alive, last, what, finish](result<reply> r) {
      if (!*alive || !r)
        return; // a loss is already being handled
      if (!last && r->is_error())
        return fail(errc::connection_failed, what + " refused: " + r->str);
      if (!last)
        return;
      if (auto problem = role_problem(*r))
        return fail(errc::connection_failed, *problem);
      finish();
    });
  }
  schedule_flush();
}

std::optional<std::string> connection::role_problem(const reply& r) {
  std::string role = "unknown";
  if (r.is_array() && !r.elements.empty())
    role = r.elements[0].str == "slave" ? "replica" : r.elements[0].str;
  else if (r.is_error() && !r.is_error("NOPERM") &&
           r.str.find("unknown command") == std::string::npos)
    return "ROLE refused: " + r.str; // maxclients, a loading server
  stats_->set_node({stats_->node().address, role});
  if ((!where_->via_sentinel() && !where_->via_cluster()) || role == "master")
    return std::nullopt;
  if (role == "unknown")
    return node_->text() + " refused ROLE, which " +
           (where_->via_cluster() ? "a cluster" : "Sentinel") +
           " needs to confirm a master: " + r.str;
  return node_->text() + " is a " + role + ", not a master";
}

void connection::demoted(const std::string& why) {
  if (std::exchange(demoted_, true))
    return;
  // After the replies already read: they fail the same way.
  auto alive = alive_;
  loop_.defer([this, alive, why] {
    if (*alive && demoted_ && state_ == connection_state::ready)
      fail(errc::connection_lost, why);
  });
}

std::string connection::where() const {
  auto url = options_.display_url();
  return node_ && (where_->via_sentinel() || where_->via_cluster())
             ? node_->text() + " via " + url
             : url;
}

// -- traffic ------------------------------------------------------------------

void connection::expect_reply(reply_handler handler) {
  if (mode_ == mode::commands) {
    if (in_flight_.empty()) {
      last_read_ = io_loop::clock::now();
      arm_watchdog();
    }
    in_flight_.push_back(std::move(handler));
  }
  schedule_flush();
}

void connection::arm_watchdog() {
  if (watchdog_timer_ != 0 || options_.socket_timeout.count() <= 0)
    return;
  auto alive = alive_;
  auto period =
      std::max(options_.socket_timeout / 4, std::chrono::milliseconds{10});
  watchdog_timer_ = loop_.add_timer(period, [this, alive] {
    if (!*alive)
      return;
    watchdog_timer_ = 0;
    if (!expecting_reply() || fd_ < 0)
      return;
    // A half-open connection never reports an error: give up on it.
    if (io_loop::clock::now() - last_read_ > options_.socket_timeout)
      return fail(errc::connection_lost,
                  "no reply within the socket timeout of " +
                      std::to_string(options_.socket_timeout.count()) + " ms");
    arm_watchdog();
  });
}

void connection::arm_health_check() {
  auto interval = options_.health_check_interval;
  if (interval.count() <= 0)
    return;
  auto alive = alive_;
  health_timer_ = loop_.add_timer(interval, [this, alive, interval] {
    if (!*alive)
      return;
    health_timer_ = 0;
    if (state_ != connection_state::ready)
      return;
    if (!expecting_reply() && io_loop::clock::now() - last_read_ >= interval) {
      if (mode_ == mode::commands) {
        append_command(out_, {"PING"});
        expect_reply({});
      } else {
        // The answer is a push (["pong", ""]); any byte read will do.
        awaiting_pong_ = true;
        last_read_ = io_loop::clock::now();
        append_command(out_, {"PING"});
        arm_watchdog();
        schedule_flush();
      }
    }
    arm_health_check();
  });
}

void connection::schedule_flush() {
  if (flush_scheduled_)
    return;
  flush_scheduled_ = true;
  auto alive = alive_;
  loop_.defer([this, alive] {
    if (!*alive)
      return;
    flush_scheduled_ = false;
    flush();
  });
}

void connection::flush() {
  if (fd_ < 0 || socket_connecting_ || tls_handshaking_)
    return;
  std::size_t written = 0;
  while (tls_ && written < out_.size()) {
    std::size_t n = 0;
    switch (tls_->write(out_.data() + written, out_.size() - written, n)) {
    case tls_session::status::done:
      written += n;
      continue;
    case tls_session::status::want_read:
    case tls_session::status::want_write:
      // Given the same bytes again once the socket allows.
      out_.erase(0, written);
      loop_.watch(fd_, this, true, true);
      return;
    case tls_session::status::closed:
    case tls_session::status::failed:
      return fail(errc::connection_lost, tls_->failure());
    }
  }
  while (written < out_.size()) {
    auto n = ::write(fd_, out_.data() + written, out_.size() - written);
    if (n > 0) {
      written += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      out_.erase(0, written);
      loop_.watch(fd_, this, true, true);
      return;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return fail(errc::connection_lost, "write: " + errno_text(errno));
    }
  }
  out_.clear();
}

void connection::on_writable() {
  if (socket_connecting_)
    return on_connected();
  if (tls_handshaking_)
    return continue_tls();
  flush();
  // A TLS read that had to write first (a key update) goes on now.
  if (tls_ && fd_ >= 0 && !read_available())
    return;
  if (out_.empty() && fd_ >= 0)
    loop_.watch(fd_, this, true, false);
}

void connection::on_readable() {
  if (socket_connecting_)
    return on_connected();
  if (tls_handshaking_)
    return continue_tls();
  if (read_available() && tls_ && !out_.empty())
    flush(); // a write that waited for the socket to be readable
}

bool connection::read_available() {
  char buf[read_chunk];
  auto feed = [&](std::size_t size) {
    last_read_ = io_loop::clock::now();
    awaiting_pong_ = false;
    for (std::size_t at = 0; at < size; at += feed_slice) {
      redisReaderFeed(reader_, buf + at, std::min(feed_slice, size - at));
      if (!dispatch_replies())
        return false;
    }
    return true;
  };
  // TLS: until OpenSSL wants the socket again, since what it has already
  // decrypted no longer shows as readable.
  while (tls_) {
    std::size_t n = 0;
    switch (tls_->read(buf, sizeof buf, n)) {
    case tls_session::status::done:
      if (!feed(n))
        return false;
      continue;
    case tls_session::status::want_read:
      return true;
    case tls_session::status::want_write:
      loop_.watch(fd_, this, true, true);
      return true;
    case tls_session::status::closed:
      fail(errc::connection_lost, "closed by the server");
      return false;
    case tls_session::status::failed:
      fail(errc::connection_lost, tls_->failure());
      return false;
    }
  }
  for (;;) {
    auto n = ::read(fd_, buf, sizeof buf);
    if (n > 0) {
      auto size = static_cast<std::size_t>(n);
      if (!feed(size))
        return false;
      if (size < sizeof buf)
        return true;
    } else if (n == 0) {
      fail(errc::connection_lost, "closed by the server");
      return false;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      return true;
    } else if (errno != EINTR) {
      fail(errc::connection_lost, "read: " + errno_text(errno));
      return false;
    }
  }
}

bool connection::dispatch_replies() {
  auto alive = alive_;
  while (fd_ >= 0) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader_, &raw) != REDIS_OK) {
      fail(errc::connection_lost,
           std::string{"protocol error: "} + reader_->errstr);
      return false;
    }
    if (raw == nullptr)
      return true;
    if (mode_ == mode::pubsub && handshake_done_)
      dispatch_push(adopt_reply(raw));
    else
      dispatch(take_reply(raw));
    if (!*alive)
      return false;
  }
  return false;
}

void connection::dispatch_push(reply_node r) {
  // A sharded subscription to a slot this node no longer serves.
  if (r->is_error() && route_.slot && moved_away(*r))
    return;
  if (events_.on_push)
    events_.on_push(*r);
}

void connection::dispatch(reply r) {
  if (in_flight_.empty())
    return fail(errc::connection_lost, "reply without a command");
  auto handler = std::move(in_flight_.front());
  in_flight_.pop_front();
  if (r.is_error() && handshake_done_ && moved_away(r)) {
    if (handler)
      handler(make_error(errc::connection_lost, node_->text() + ": " + r.str));
    return;
  }
  if (handler)
    handler(std::move(r));
}

bool connection::moved_away(const reply& r) {
  if (!where_->via_sentinel() && !where_->via_cluster())
    return false;
  // A failover in progress, not the command's fault: it was not run.
  if (r.is_error("READONLY")) {
    demoted(node_->text() + " is no longer a master: " + r.str);
    return true;
  }
  // A blocked read ended by a demotion, or (cluster) by its key moving to
  // another node.
  if (r.is_error("UNBLOCKED")) {
    demoted(node_->text() + ": " + r.str);
    return true;
  }
  if (!route_.slot)
    return false; // the command router redirects its own commands
  if (auto to = cluster::parse_redirect(r, *node_)) {
    demoted(node_->text() + " no longer serves slot " +
            std::to_string(to->slot) + ": " + r.str);
    // May move this connection at once, through on_route_change().
    if (to->type == cluster::redirect::kind::moved)
      where_->moved(to->slot, to->to);
    else
      where_->asked();
    return true;
  }
  if (cluster::is_retryable(r)) {
    demoted(node_->text() + ": " + r.str);
    return true;
  }
  return false;
}

// -- failures -----------------------------------------------------------------

void connection::fail(errc code, std::string why) {
  bool was_ready = handshake_done_;
  // A TLS port resets a client that speaks plain RESP to it.
  if (!was_ready && !options_.tls.enabled && !socket_connecting_ &&
      code == errc::connection_lost)
    why += " (if this is a TLS port, use rediss://)";
  // The backoff starts over only after a connection that lasted: a peer
  // that accepts and then drops every connection is not hammered.
  if (was_ready && io_loop::clock::now() - ready_since_ >= backoff_cap)
    attempt_ = 0;
  // With Sentinel or a cluster, the next attempt asks where the master is
  // now: a dead one is not retried until the failover is known.
  if ((where_->via_sentinel() || where_->via_cluster()) && node_)
    where_->not_master(*node_);
  loop_.cancel_timer(reconnect_timer_);
  release_socket(true);
  auto err = make_error(was_ready ? errc::connection_lost : code,
                        why + " (" + where() + ")");
  auto in_flight = std::move(in_flight_);
  in_flight_.clear();
  auto alive = alive_;
  auto delay = backoff(attempt_++);
  reconnect_timer_ = loop_.add_timer(delay, [this, alive] {
    reconnect_timer_ = 0;
    if (*alive && state_ == connection_state::disconnected)
      connect_socket();
  });
  set_state(connection_state::disconnected, &err);
  auto lost = make_error(errc::connection_lost, err.detail);
  for (auto& h : in_flight)
    if (h && *alive)
      h(lost);
}

void connection::release_socket(bool reset) {
  loop_.cancel_timer(watchdog_timer_);
  watchdog_timer_ = 0;
  loop_.cancel_timer(health_timer_);
  health_timer_ = 0;
  awaiting_pong_ = false;
  tls_.reset();
  tls_handshaking_ = false;
  if (fd_ >= 0) {
    loop_.unwatch(fd_);
    if (reset) {
      // RST, not FIN: no TIME_WAIT left behind, and a live server drops
      // the connection at once. A frozen one still runs what its kernel
      // had taken in when it resumes (Linux keeps the received bytes
      // readable after a reset): command_delivery says what happens then.
      linger abort{1, 0};
      ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    }
    ::close(fd_);
    fd_ = -1;
  }
  if (reader_ != nullptr) {
    redisReaderFree(reader_);
    reader_ = nullptr;
  }
  socket_connecting_ = false;
  handshake_done_ = false;
  demoted_ = false;
  out_.clear();
}

void connection::set_state(connection_state s, const error_info* why) {
  state_ = s;
  bool ready = s == connection_state::ready;
  if (ready && std::exchange(was_ready_, true))
    stats_->reconnects.fetch_add(1, std::memory_order_relaxed);
  stats_->up.store(ready, std::memory_order_relaxed);
  if (events_.on_state)
    events_.on_state(s, why);
}

} // namespace redactor::redis
