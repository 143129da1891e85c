// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "redactor/broker_options.hpp"
#include "redactor/channel_sub.hpp"
#include "redactor/handler.hpp"
#include "redactor/health_report.hpp"
#include "redactor/list_sub.hpp"
#include "redactor/publisher.hpp"
#include "redactor/request_counts.hpp"
#include "redactor/stream_sub.hpp"
#include "redactor/subscription_token.hpp"

namespace redactor {

namespace engine {
class broker_backend;
struct broker_access;
} // namespace engine

namespace detail {
/// Defined in redactor/typed_handler.hpp, which typed publishes and
/// requests need where they are called.
template <class T>
std::string json_body(const T& value);
template <class R>
result<R> json_reply(result<message> reply);
template <class T>
inline constexpr bool is_body_text =
    std::is_convertible_v<const T&, std::string_view>;
} // namespace detail

/// The engine: subscriptions that run user handlers, and publishing.
///
/// Each subscription reads on a Redis connection of its own and hands what
/// it reads, in batches, to `max_workers` workers running its handler.
/// Publishing and acknowledgements share one pipelined command connection.
/// All Redis I/O and the engine's own work (its actors: subscriptions,
/// workers, the reply router; timers, acknowledgements, stops) run on one
/// engine thread, the I/O loop. Handlers run on the handler pool
/// (broker_options::worker_threads), where they may block, or inline on
/// the I/O thread when declared non-blocking (handler_mode); either way
/// the engine's own work never waits behind them.
///
/// Threading: every member function is thread-safe. stop() and the
/// destructor must not be called from a handler: on the I/O thread stop()
/// throws redactor::error (errc::would_deadlock). A future returned on an
/// engine thread is deferred; on the I/O thread its get() fails at once
/// with errc::would_deadlock unless the result is already there, and on a
/// pool thread the pool adds a thread while it waits, so a blocking handler
/// may wait for a request to a service of the same process.
///
/// Reconnects: a dropped connection is re-established with capped, jittered
/// backoff (at most about 1 s between attempts); channels are subscribed
/// again, lists and streams resume reading, and a lost consumer group is
/// created again.
///
/// redactor::testing::test_broker is a broker with no Redis behind it, for
/// unit tests: write the code that subscribes handlers against `broker&`.
class broker {
 public:
  explicit broker(broker_options options = {});
  /// Same as broker_options with connection_options::from_url(url).
  explicit broker(std::string_view url);
  /// Calls stop().
  virtual ~broker();

  broker(const broker&) = delete;
  broker& operator=(const broker&) = delete;

  /// Adds a subscription. Before start() it begins with start(); after, it
  /// begins at once. Throws redactor::error (errc::invalid_argument) for a
  /// descriptor that fails validate(), or a batch handler on a channel.
  subscription_token subscribe(channel_sub sub, handler fn);
  subscription_token subscribe(list_sub sub, handler fn);
  subscription_token subscribe(stream_sub sub, handler fn);

  /// Pull reads, for scripts and tests (FastStream's get_one()): waits up
  /// to `timeout` for one message from `sub`; nullopt when none came. It
  /// reads through a subscription of its own, opened for the call and
  /// stopped before it returns (a connection's set-up each time), and
  /// settles the message per `sub` (a group's entry is acknowledged under
  /// the default policy). What it reads beyond that one goes back: a list
  /// item to the head of its list, a group's entry stays pending. A channel
  /// sees only what is published once it is subscribed. Blocks; fails with
  /// errc::not_running unless the broker runs, and with
  /// errc::would_deadlock on the I/O thread. On the test broker it runs
  /// what is queued first.
  result<std::optional<message>> get_one(channel_sub sub,
                                         std::chrono::milliseconds timeout);
  result<std::optional<message>> get_one(list_sub sub,
                                         std::chrono::milliseconds timeout);
  result<std::optional<message>> get_one(stream_sub sub,
                                         std::chrono::milliseconds timeout);
  /// Connects and starts every subscription; returns once all are reading.
  /// Throws redactor::error (errc::connection_failed) with Redis's reason
  /// when Redis cannot be reached or refuses the credentials within
  /// connection_options::connect_timeout, (errc::refused) with Redis's
  /// words when Redis refuses a subscription's set-up (SUBSCRIBE without
  /// the channel permission, XGROUP CREATE out of memory), and
  /// (errc::invalid_argument) when metrics_options::listen cannot be
  /// listened on, before connecting. Once running, a refusal makes the
  /// subscription unhealthy (health(), subscription_token::active()) until
  /// Redis allows it again.
  void start();

  /// Graceful: stops reading, lets running handlers finish within
  /// graceful_timeout, acknowledges what finished, leaves unfinished stream
  /// entries pending and pushes unhandled list items back to the head of
  /// their list. Requests are taken while the handlers finish (theirs
  /// too); once they have, those still waiting fail with
  /// errc::connection_lost. Idempotent.
  void stop();

  bool running() const;

  /// Publishes one message; see publisher for the delivery contract.
  std::future<result<publish_result>>
  publish(const destination& to, std::string_view body,
          const publish_options& options = {});

  /// Request/reply: publishes `body` to `to` with reply_to set to a reply
  /// channel of its own (used once, subscribed before the request leaves,
  /// on the broker's one Pub/Sub inbox connection), a correlation id
  /// (generated unless given) and a deadline header
  /// (wire_headers::deadline: now + timeout), and completes with the first
  /// reply on that channel, as a message: with the correlation id and
  /// headers the responder set, which may differ from the request's.
  /// Works against channel, list and stream subscribers, whose handler's
  /// response is PUBLISHed to reply_to, as FastStream does.
  ///
  /// Fails with errc::timeout when no reply came within `timeout`, with
  /// errc::remote_error when the responder's handler threw (a reply with
  /// wire_headers::error; the detail is its text), and at once with
  /// errc::too_many_pending when max_pending_requests are waiting, with
  /// errc::not_running before start() or after stop(), and with
  /// errc::invalid_argument for publish_options::raw; one still waiting
  /// when stop() ends fails with errc::connection_lost. Never
  /// blocks: many threads may have thousands of requests in flight over the
  /// one inbox. Replies arriving late (within as long again as the
  /// timeout, 1 s to 30 s) are dropped and counted (requests()); a second
  /// reply to one request is never seen.
  std::future<result<message>>
  request(const destination& to, std::string_view body,
          std::chrono::milliseconds timeout = std::chrono::seconds{30},
          const publish_options& options = {});

  /// Typed: publishes `value` as JSON (redactor/json.hpp; include
  /// <redactor/typed_handler.hpp> where you call it), with content-type
  /// application/json unless options name another. A value with no JSON
  /// form (a non-finite number) fails the future with errc::unencodable.
  template <class T, class = std::enable_if_t<!detail::is_body_text<T>>>
  std::future<result<publish_result>>
  publish(const destination& to, const T& value, publish_options options = {}) {
    if (options.content_type.empty())
      options.content_type = "application/json";
    try {
      return publish(to, detail::json_body(value), options);
    } catch (const error& e) {
      std::promise<result<publish_result>> failed;
      failed.set_value(e.info());
      return failed.get_future();
    }
  }
  /// Typed: requests with `value` as JSON (a text body goes as it is) and
  /// converts the reply's JSON body to R; a reply that does not convert
  /// fails with errc::invalid_json naming the field. Include
  /// <redactor/typed_handler.hpp> where you call it.
  template <class R, class Q>
  std::future<result<R>>
  request(const destination& to, const Q& value,
          std::chrono::milliseconds timeout = std::chrono::seconds{30},
          publish_options options = {}) {
    if (options.content_type.empty() && !detail::is_body_text<Q>)
      options.content_type = "application/json";
    std::string body;
    try {
      if constexpr (detail::is_body_text<Q>)
        body = std::string{std::string_view{value}};
      else
        body = detail::json_body(value);
    } catch (const error& e) {
      std::promise<result<R>> failed;
      failed.set_value(e.info());
      return failed.get_future();
    }
    // Deferred: get() waits on the inner future, which refuses a wait on
    // the I/O thread (errc::would_deadlock) as every engine future does.
    return std::async(std::launch::deferred,
                      [reply = request(to, body, timeout, options)]() mutable {
                        return detail::json_reply<R>(reply.get());
                      });
  }
  /// The same with a callback, which runs on the I/O thread and must be
  /// short (a request refused at once runs it on the caller's thread); it
  /// may publish, request, or answer a responder. An exception it throws
  /// is dropped.
  void request(const destination& to, std::string_view body,
               std::chrono::milliseconds timeout,
               const publish_options& options,
               std::function<void(result<message>)> callback);

  /// What the requests did so far.
  request_counts requests() const;

  /// A publisher bound to `to`, with default options for every publish.
  /// Publishing through it skips the metrics lookup that publish() makes
  /// (one short lock per call): keep one for a hot destination. The
  /// AsyncAPI document lists it (publish() alone does not).
  publisher make_publisher(destination to, publish_options defaults = {});

  /// Where /metrics and /healthz are served ("127.0.0.1:9100", the port
  /// as bound), or empty when broker_options::metrics.listen is empty or
  /// the broker is not running.
  std::string metrics_address() const;

  /// The metrics in the Prometheus text format, for a program that serves
  /// them itself (see metrics_options).
  std::string metrics_text() const;

  /// Healthy when running with the command connection and the RPC inbox up
  /// and every subscription connected and reading (what /healthz says).
  health_report health() const;

  /// An AsyncAPI 3.0 document (JSON text) of this service, as FastStream's
  /// `faststream docs gen` writes one: a receive operation per
  /// subscription that is neither unsubscribed nor stopped (its channel,
  /// list or stream, with a Redis binding naming the method, group and
  /// consumer), with a reply when its handler answers (to the request's
  /// reply_to), and a send operation per make_publisher() destination.
  /// Payloads carry the JSON Schemas a handler declares (typed() does,
  /// from its types; handler::declare); others are any JSON. Info
  /// comes from broker_options::asyncapi; also served at /asyncapi.json
  /// with metrics_options::serve_asyncapi. Works before start().
  std::string asyncapi() const;

 protected:
  /// For redactor::testing::test_broker, which runs on another backend.
  explicit broker(std::unique_ptr<engine::broker_backend> backend);

  engine::broker_backend& backend() const noexcept { return *impl_; }

 private:
  friend struct engine::broker_access;

  /// Lists a new subscription in the AsyncAPI document.
  subscription_token recorded(subscription_token token);

  std::unique_ptr<engine::broker_backend> impl_;
};

} // namespace redactor
