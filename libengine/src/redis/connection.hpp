// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "redactor/connection_options.hpp"
#include "redactor/result.hpp"
#include "redis/connection_stats.hpp"
#include "redis/io_loop.hpp"
#include "redis/locator.hpp"
#include "redis/reply.hpp"
#include "redis/tls_session.hpp"

struct redisReader;

namespace redactor::redis {

enum class connection_state {
  /// Connecting, or authenticating and selecting the database.
  connecting,
  /// Commands flow.
  ready,
  /// Broken or refused; a reconnect is scheduled.
  disconnected,
  /// close() was called; nothing happens any more.
  closed,
};

/// One Redis connection on an io_loop. It owns its socket and uses hiredis
/// only to format commands and parse replies. All commands sent during one
/// loop turn leave in one write; replies are matched in order. When the
/// connection breaks it fails the commands in flight with
/// errc::connection_lost and reconnects with capped, jittered backoff
/// (50 ms doubling to 1 s, starting over only after a connection that
/// lasted a second), so it is back within about a second of Redis being
/// reachable. It is ready only after a round trip (AUTH, SELECT, else
/// ROLE), so a frozen server that still accepts TCP is not taken for a
/// live one; a connection given up on is reset (RST). Its address comes
/// from the locator, for its route: with Sentinel or a cluster it must be
/// a master (ROLE), a READONLY or UNBLOCKED answer (a master demoted under
/// it) fails the command with errc::connection_lost and moves the
/// connection, and so does a failover the Sentinels announce or a change
/// of the slot map that moves the route. A connection routed by slot
/// treats MOVED, ASK, TRYAGAIN and CLUSTERDOWN the same way (its owner,
/// a reader, reads again once it is back); other connections pass them
/// on. Commands sent while not ready wait and go out once the connection
/// is ready again. With commands in flight and nothing read
/// for connection_options::socket_timeout, the connection counts as broken
/// (blocking commands must block for less than that); an idle one is sent a
/// PING every health_check_interval, so a frozen server is noticed too.
///
/// Threading: every member function must be called on the loop thread, and
/// every callback runs there. Destruction drops pending handlers without
/// calling them; call close() first to have them fail.
class connection : private io_handler {
 public:
  enum class mode {
    /// Request/response: each reply goes to the handler of its command.
    commands,
    /// Pub/Sub (RESP2): every reply, confirmations included, goes to
    /// on_push; command handlers are not used.
    pubsub,
  };

  using reply_handler = std::function<void(result<reply>)>;

  struct listener {
    /// State changes; `why` is set for connecting failures and losses.
    std::function<void(connection_state, const error_info* why)> on_state;
    /// Pub/Sub mode: every reply, lent until the call returns (move out
    /// what is kept; the tree is recycled for the next reply).
    std::function<void(reply&)> on_push;
  };

  /// `to`: which server (see route); `stats`: where to report (for an
  /// owner that must know it before the connection exists); null: a fresh
  /// one.
  connection(locator_ptr where, route to, mode m, listener events,
             std::shared_ptr<connection_stats> stats = {});
  ~connection() override;

  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  /// Starts connecting.
  void open();

  /// Closes the socket for good; commands waiting or in flight fail with
  /// errc::connection_lost.
  void close();

  /// Queues a command given as binary-safe arguments. `args` is read in
  /// full before any handler runs, so a caller may reuse its storage for a
  /// command sent from that handler. On a closed connection the handler
  /// fails at once, and a command without one is dropped.
  void send(const std::vector<std::string_view>& args, reply_handler handler);

  connection_state state() const noexcept { return state_; }

  const connection_options& options() const noexcept { return options_; }

  connection_stats_ptr stats() const noexcept { return stats_; }
  /// Counts a held command sent once the connection was back; for the
  /// command_queue on top of it.
  void count_resent() noexcept {
    stats_->resent.fetch_add(1, std::memory_order_relaxed);
  }
  /// Counts a command Redis answered with an error; for readers.
  void count_refused() noexcept {
    stats_->refused.fetch_add(1, std::memory_order_relaxed);
  }

 private:
  struct pending {
    std::string bytes;
    reply_handler handler;
  };

  void on_readable() override;
  void on_writable() override;

  /// Asks the locator where to go, then connects there.
  void connect_socket();
  void connect_to(const address& at);
  void on_connected();
  /// TLS: one more step of the handshake, when the socket allows it.
  void continue_tls();
  /// Reads what the socket has, over TLS or not; false once failed.
  bool read_available();
  void send_handshake();
  /// Records the handshake's ROLE answer; says why the connection cannot
  /// go on (refused, or not the master Sentinel named).
  std::optional<std::string> role_problem(const reply& r);
  /// With Sentinel or a cluster: the server stopped being the master
  /// under us, or (a connection routed by slot) stopped serving the slot.
  void demoted(const std::string& why);
  /// Whether a reply means the command ran nowhere and the connection
  /// must move; says why (demoted() was called).
  bool moved_away(const reply& r);
  /// The locator's answer for this connection's route changed.
  void on_route_change();
  /// Errors name the server and the URL.
  std::string where() const;
  /// For the command just written to out_: its handler, and a flush.
  void expect_reply(reply_handler handler);
  void schedule_flush();
  void flush();
  /// Hands out every complete reply read so far; false once the
  /// connection failed or was closed meanwhile.
  bool dispatch_replies();
  /// A command's reply, to its handler.
  void dispatch(reply r);
  /// Pub/Sub, once set up: a push, to on_push.
  void dispatch_push(reply_node r);
  /// While commands are in flight: fails the connection when nothing was
  /// read for socket_timeout.
  void arm_watchdog();
  /// While ready: PINGs when nothing was read for health_check_interval.
  void arm_health_check();
  /// Whether a reply is due: commands in flight, or a Pub/Sub PING.
  bool expecting_reply() const noexcept {
    return !in_flight_.empty() || awaiting_pong_;
  }
  void fail(errc code, std::string why);
  void set_state(connection_state s, const error_info* why);
  /// Closes the socket; with `reset`, by RST (see fail()).
  void release_socket(bool reset = false);

  locator_ptr where_;
  route route_;
  io_loop& loop_;
  connection_options options_;
  mode mode_;
  listener events_;

  connection_state state_ = connection_state::disconnected;
  int fd_ = -1;
  bool socket_connecting_ = false;
  bool flush_scheduled_ = false;
  bool handshake_done_ = false;
  /// The server of the current (or last) socket.
  std::optional<address> node_;
  locator::listener_id route_listener_ = 0;
  bool demoted_ = false;
  redisReader* reader_ = nullptr;
  /// TLS (options_.tls.enabled): the context, made at the first connect,
  /// and the session of the current socket.
  std::shared_ptr<const tls_session::context> tls_context_;
  std::unique_ptr<tls_session> tls_;
  bool tls_handshaking_ = false;
  std::string out_;
  std::deque<reply_handler> in_flight_;
  std::vector<pending> waiting_;
  unsigned attempt_ = 0;
  bool was_ready_ = false;
  std::shared_ptr<connection_stats> stats_;
  io_loop::timer_id reconnect_timer_ = 0;
  io_loop::timer_id watchdog_timer_ = 0;
  io_loop::timer_id health_timer_ = 0;
  /// Pub/Sub mode: a health PING was sent and nothing read since.
  bool awaiting_pong_ = false;
  io_loop::clock::time_point last_read_{};
  /// When the handshake last completed.
  io_loop::clock::time_point ready_since_{};
  /// Guards callbacks against the connection dying inside one of them.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace redactor::redis
