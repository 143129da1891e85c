// SPDX-License-Identifier: MIT
#include "engine/redis_backend.hpp"

#include <algorithm>
#include <thread>
#include <utility>

#include <caf/scoped_actor.hpp>

#include "asyncapi/document.hpp"
#include "cluster/key_slot.hpp"
#include "detail/id_generator.hpp"
#include "detail/log_escape.hpp"
#include "engine/start_signal.hpp"
#include "execution/atoms.hpp"
#include "execution/engine_future.hpp"
#include "execution/loop_coordinator.hpp"
#include "metrics/destination_meter.hpp"
#include "metrics/stopwatch.hpp"
#include "processing/redis_outbox.hpp"
#include "redis/channel_reader.hpp"
#include "redis/list_reader.hpp"
#include "redis/stream_reader.hpp"
#include "requests/reply_router.hpp"
#include "requests/request_protocol.hpp"

namespace redactor::engine {
namespace {

std::size_t worker_threads(std::size_t configured) {
  if (configured > 0)
    return configured;
  return std::max(4u, std::thread::hardware_concurrency());
}

/// Messages an actor handles per resume before the others get their turn.
constexpr std::size_t actor_throughput = 16;

/// How long start() waits beyond connect_timeout (AUTH, SELECT, XGROUP).
constexpr std::chrono::milliseconds start_slack{1000};

/// Bound on flushing acknowledgements and push-backs at stop.
constexpr std::chrono::milliseconds drain_bound{5000};

/// A connection's name in health and metrics: on a cluster, one per master.
std::string per_node(const std::string& name,
                     const std::optional<redis::address>& node) {
  return node ? name + "@" + node->text() : name;
}

/// A list or stream reader for `sub`, with the credit to hand over that
/// many payloads ahead of the handlers: enough to keep every worker busy
/// while the next read is on its way.
template <class Reader, class Sub>
subscriptions::subscription::reader_factory polling_reader(const Sub& sub) {
  auto credit = 2 * std::max(sub.max_records, sub.max_workers);
  return [sub, credit](const runtime& rt, redis::reader::events ev) {
    return std::make_shared<Reader>(rt.locator, sub, std::move(ev), credit);
  };
}

} // namespace

redis_backend::redis_backend(broker_options options)
    : options_(std::move(options)), metrics_(options_.metrics),
      monitor_(metrics_, request_stats_) {
  options_.log = detail::escaping_log(std::move(options_.log));
  loop_ = std::make_unique<redis::io_loop>();
  // Every actor runs on the loop: no thread hop between a socket and an
  // actor, and none of CAF's worker threads.
  config_.module_factories.push_back(
      [loop =
           loop_.get()](caf::actor_system& sys) -> caf::actor_system::module* {
        return new execution::loop_coordinator(sys, *loop);
      });
  config_.set("scheduler.max-throughput", actor_throughput);
  system_ = std::make_unique<caf::actor_system>(config_);
  pool_ = std::make_unique<execution::handler_pool>(
      worker_threads(options_.worker_threads));
  rt_.system = system_.get();
  rt_.loop = loop_.get();
  rt_.pool = pool_.get();
  rt_.locator = std::make_shared<redis::locator>(*loop_, options_.connection,
                                                 options_.log);
  rt_.gateway = std::make_shared<redis::command_gateway>(rt_.locator, options_);
  rt_.outbox =
      std::make_shared<processing::redis_outbox>(rt_.gateway, options_);
  monitor_.watch(rt_.locator);
  rt_.options = &options_;
  rt_.metrics = &metrics_;
  rt_.monitor = &monitor_;
  rt_.log = options_.log;
  if (rt_.locator->via_cluster())
    response_tag_ = "{redactor-rpc-" + detail::new_token(8) + "}";
}

redis_backend::~redis_backend() {
  stop();
  // The actors finish first, on the still running loop, so that no worker
  // hands the pool more work; then handlers still running past
  // graceful_timeout; then the loop, whose tasks may hold actor handles,
  // while the actor system is still there.
  system_->await_all_actors_done();
  pool_.reset();
  loop_->stop();
  system_.reset();
}

subscription_token
redis_backend::subscribe(subscriptions::subscription_spec_ptr spec) {
  return add(spec,
             std::visit([&](const auto& sub) { return reader_for(sub, *spec); },
                        spec->descriptor));
}

subscriptions::subscription::reader_factory
redis_backend::reader_for(const channel_sub& sub,
                          const subscriptions::subscription_spec& spec) const {
  using kind = redis::channel_reader::kind;
  auto k = sub.sharded        ? kind::sharded
           : sub.is_pattern() ? kind::pattern
                              : kind::channel;
  return [glob = spec.channel_glob(), k](const runtime& rt,
                                         redis::reader::events ev) {
    return std::make_shared<redis::channel_reader>(rt.locator, glob, k,
                                                   std::move(ev));
  };
}

subscriptions::subscription::reader_factory
redis_backend::reader_for(const list_sub& sub,
                          const subscriptions::subscription_spec&) const {
  return polling_reader<redis::list_reader>(sub);
}

subscriptions::subscription::reader_factory
redis_backend::reader_for(const stream_sub& sub,
                          const subscriptions::subscription_spec&) const {
  if (rt_.locator->via_cluster() && !sub.dead_letter_stream.empty() &&
      cluster::key_slot(sub.dead_letter_stream) !=
          cluster::key_slot(sub.stream))
    throw error{make_error(
        errc::invalid_argument,
        "stream_sub: on Redis Cluster the dead-letter stream must share the "
        "stream's hash slot (the move is one script): name it with the "
        "stream's hash tag, like '{" +
            std::string{cluster::hash_tag(sub.stream)} + "}:dead-letter'")};
  return polling_reader<redis::stream_reader>(sub);
}

subscription_token
redis_backend::add(subscriptions::subscription_spec_ptr spec,
                   subscriptions::subscription::reader_factory make_reader) {
  auto sub = std::make_shared<subscriptions::subscription>(
      std::move(spec), std::move(make_reader));
  std::unique_lock<std::mutex> guard{mtx_};
  if (phase_ == phase::stopped)
    throw error{make_error(errc::invalid_argument,
                           "subscribe: the broker was stopped")};
  subs_.push_back(sub);
  if (phase_ == phase::running) {
    std::vector<std::future<std::optional<error_info>>> started;
    started.push_back(sub->start(rt_));
    guard.unlock();
    try {
      await_started(started);
    } catch (...) {
      sub->stop();
      throw;
    }
  }
  return subscriptions::token_access::make(sub);
}

void redis_backend::start() {
  std::lock_guard<std::mutex> guard{mtx_};
  if (phase_ == phase::running)
    return;
  if (phase_ == phase::stopped)
    throw error{make_error(errc::invalid_argument,
                           "start: a stopped broker cannot start again")};
  // A metrics address that cannot be had fails before anything connects.
  start_http();
  // The command connection first: it proves Redis is there and the
  // credentials are good.
  auto signal = std::make_shared<start_signal>();
  auto was_ready = std::make_shared<bool>(false);
  std::vector<std::future<start_signal::outcome>> started;
  started.push_back(signal->get_future());
  auto on_state = [signal, was_ready, log = rt_.log,
                   url = options_.connection.display_url()](
                      redis::connection_state s, const error_info* why) {
    if (s != redis::connection_state::ready &&
        s != redis::connection_state::disconnected)
      return;
    bool ready = s == redis::connection_state::ready;
    bool changed = std::exchange(*was_ready, ready) != ready;
    // Once per outage, not once per reconnect attempt.
    if (!signal->first(ready, why) && changed && log)
      log(ready ? log_level::info : log_level::warning,
          "command connection to " + url +
              (ready ? ": connected again"
                     : ": lost (" + (why ? why->message() : std::string{}) +
                           "); publishes are held and retried"));
  };
  rt_.gateway->open(
      std::move(on_state),
      [this](redis::connection_stats_ptr stats,
             const std::optional<redis::address>& node) {
        monitor_.watch(per_node("commands", node), stats, true);
      },
      [this](redis::connection_stats_ptr stats,
             const std::optional<redis::address>& node) {
        // Idle until the first durable publish: listed, not required.
        monitor_.watch(per_node("durable-publishes", node), stats, false);
      });
  started.push_back(start_inbox());
  for (auto& sub : subs_)
    if (!sub->stopped()) // unsubscribed before the start
      started.push_back(sub->start(rt_));
  phase_ = phase::running;
  try {
    await_started(started);
  } catch (...) {
    stop_locked();
    throw;
  }
  monitor_.set_running(true);
  start_stream_sampling();
}

void redis_backend::start_http() {
  auto& listen = options_.metrics.listen;
  if (listen.empty())
    return;
  metrics::http_endpoint::routes routes{[this] { return metrics_.text(); },
                                        [this] { return monitor_.health(); },
                                        {}};
  if (options_.metrics.serve_asyncapi)
    routes.asyncapi = [this] {
      return asyncapi::document(catalogue(), options_);
    };
  http_ = std::make_unique<metrics::http_endpoint>(*loop_, listen,
                                                   std::move(routes));
  rt_.log(log_level::info, "metrics: serving http://" + http_->address() +
                               (options_.metrics.serve_asyncapi
                                    ? "/metrics, /healthz and /asyncapi.json"
                                    : "/metrics and /healthz"));
}

std::string redis_backend::metrics_address() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return http_ ? http_->address() : std::string{};
}

void redis_backend::start_stream_sampling() {
  if (options_.metrics.sample_interval.count() <= 0)
    return;
  loop_->post([this] { sample_streams(); });
}

void redis_backend::sample_streams() {
  monitor_.sample_streams(*rt_.gateway);
  // The loop stops before this object goes, and stop() cancels the timer.
  sample_timer_ = loop_->add_timer(options_.metrics.sample_interval,
                                   [this] { sample_streams(); });
}

std::future<std::optional<error_info>> redis_backend::start_inbox() {
  inbox_ = requests::new_inbox();
  auto first_channels = requests::first_reply_channels(inbox_);
  // The reader exists before the router it reports to: its events reach
  // the router through this cell, filled before the reader opens.
  auto router = std::make_shared<requests::reply_router_actor>();
  auto signal = std::make_shared<start_signal>();
  redis::reader::events ev;
  ev.on_batch = [router](redis::inbound_batch batch) {
    caf::anon_send(*router, execution::batch_atom::value, std::move(batch));
  };
  inbox_status_ = std::make_shared<redis::reader_status>();
  ev.on_state = [signal, router, status = inbox_status_,
                 log = rt_.log](bool ready, const error_info* why) {
    status->set(ready, why);
    if (!ready)
      caf::anon_send(*router, execution::disarm_atom::value);
    if (!signal->first(ready, why) && why &&
        why->code == make_error_code(errc::refused))
      log(log_level::error, "RPC reply inbox: not subscribed: " + why->detail +
                                "; requests will time out");
  };
  ev.log = rt_.log;
  inbox_reader_ = std::make_shared<redis::reply_channel_reader>(
      rt_.locator, std::move(ev),
      [router](redis::reply_channel_reader::channel_list confirmed) {
        caf::anon_send(*router, execution::subscribed_atom::value,
                       std::move(confirmed));
      },
      first_channels);
  router_ = system_->spawn(
      requests::reply_router, inbox_, std::move(first_channels),
      std::weak_ptr<redis::reply_channels>{inbox_reader_}, request_stats_);
  *router = router_;
  // Health from what the reader reports (it covers a refused SUBSCRIBE,
  // which leaves the connection up); the connection for the metrics.
  monitor_.watch("rpc-inbox", inbox_reader_->connection_stats());
  monitor_.watch("rpc-inbox", inbox_status_);
  loop_->post([r = inbox_reader_] { r->open(); });
  return signal->get_future();
}

void redis_backend::request(const destination& to, std::string_view body,
                            std::chrono::milliseconds timeout,
                            publish_options options,
                            std::function<void(result<message>)> callback) {
  requests::reply_router_actor router;
  bool started = true;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (phase_ == phase::running)
      router = router_;
    started = phase_ != phase::created;
  }
  if (!router) {
    callback(
        make_error(errc::not_running,
                   started ? "it was stopped" : "start() has not been called"));
    return;
  }
  if (!request_stats_->reserve(options_.max_pending_requests)) {
    callback(make_error(errc::too_many_pending,
                        std::to_string(options_.max_pending_requests) +
                            " requests are waiting for their replies"));
    return;
  }
  options = requests::outgoing(std::move(options), timeout);
  // A request counts as one publish; its round trip, once answered.
  auto meter = metrics_.destination(to.name);
  requests::outgoing_request req;
  req.correlation_id = options.correlation_id;
  req.deadline = std::chrono::steady_clock::now() + timeout;
  req.callback = [callback{std::move(callback)}, meter,
                  since = metrics::clock::now()](result<message> r) {
    if (r || r.error().code == errc::remote_error)
      meter->rpc_duration().observe(metrics::seconds_since(since));
    callback(std::move(r));
  };
  // The router sends it once its reply channel is subscribed, so no reply
  // can come before anyone listens.
  req.send = [router, outbox = rt_.outbox, to, body = std::string{body},
              options = std::move(options),
              meter](const std::string& reply_to) mutable {
    options.reply_to = reply_to;
    outbox->publish(
        to, {body}, options,
        [router, reply_to](result<publish_result> r) {
          if (!r)
            caf::anon_send(router, execution::fail_atom::value, reply_to,
                           r.error());
        },
        std::move(meter));
  };
  // Sent under the lock under which stop() sends the router its exit: a
  // request that finds the broker running reaches the router before the
  // exit and fails with the stop, rather than being dropped unanswered.
  std::unique_lock<std::mutex> guard{mtx_};
  if (phase_ == phase::running) {
    caf::anon_send(router_, execution::register_atom::value, std::move(req));
    return;
  }
  guard.unlock();
  request_stats_->release();
  req.callback(make_error(errc::not_running, "it was stopped"));
}

std::string redis_backend::response_list_name(const std::string& queue) const {
  auto tag = cluster::hash_tag(queue) == queue ? response_tag_ : std::string{};
  return queue + ":rpc:" + tag + detail::new_token(8);
}

std::shared_ptr<redis::list_waiter>
redis_backend::response_lists(const std::string& list) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (phase_ != phase::running)
    return nullptr;
  redis::route to;
  if (rt_.locator->via_cluster())
    to.slot = cluster::key_slot(list);
  auto& waiter = response_lists_[to.slot.value_or(0)];
  if (!waiter) {
    waiter = std::make_shared<redis::list_waiter>(rt_.locator, to, rt_.log);
    auto name = to.slot ? "rpc-response-lists@" + std::to_string(*to.slot)
                        : std::string{"rpc-response-lists"};
    monitor_.watch(name, waiter->blocking_stats());
    monitor_.watch(name + "-control", waiter->control_stats());
    waiter->open();
  }
  return waiter;
}

void redis_backend::await_started(
    std::vector<std::future<std::optional<error_info>>>& started) {
  auto deadline = std::chrono::steady_clock::now() +
                  options_.connection.connect_timeout + start_slack;
  for (auto& f : started) {
    if (f.wait_until(deadline) != std::future_status::ready)
      throw error{make_error(errc::connection_failed,
                             "Redis at " + options_.connection.display_url() +
                                 " did not answer within the connect timeout")};
    if (auto err = f.get()) {
      auto where = options_.connection.display_url() + ": ";
      if (err->code == make_error_code(errc::refused))
        throw error{make_error(errc::refused, where + err->detail)};
      throw error{make_error(errc::connection_failed, where + err->message())};
    }
  }
}

void redis_backend::stop() {
  execution::refuse_loop_wait();
  std::unique_ptr<metrics::http_endpoint> http;
  std::lock_guard<std::mutex> guard{mtx_};
  // Closed once the lock is let go (destroyed after `guard`): closing waits
  // for the I/O loop, whose tasks (a handler's request) may wait for it.
  http = std::move(http_);
  stop_locked();
}

void redis_backend::stop_locked() {
  http_.reset();
  monitor_.set_running(false);
  if (phase_ != phase::running) {
    phase_ = phase::stopped;
    return;
  }
  phase_ = phase::stopped;
  loop_->post([this] { loop_->cancel_timer(std::exchange(sample_timer_, 0)); });
  {
    // All subscriptions stop at once; each answers when done.
    caf::scoped_actor self{*system_};
    std::size_t pending = 0;
    for (auto& sub : subs_)
      pending += sub->begin_stop(self) ? 1 : 0;
    for (; pending > 0; --pending)
      self->receive([](execution::stop_atom) {},
                    caf::after(options_.graceful_timeout + drain_bound) >>
                        [] {});
  }
  for (auto& sub : subs_)
    sub->finish_stop();
  subs_.clear();
  if (inbox_reader_)
    loop_->post([r = std::move(inbox_reader_)]() mutable {
      r->close();
      r.reset();
    });
  inbox_reader_.reset();
  inbox_status_.reset();
  for (auto& [slot, waiter] : response_lists_)
    waiter->close();
  response_lists_.clear();
  if (router_)
    caf::anon_send_exit(router_, caf::exit_reason::user_shutdown);
  router_ = nullptr;
  rt_.gateway->close(std::min<std::chrono::milliseconds>(
      options_.publish_timeout, drain_bound));
  loop_->post([l = rt_.locator] { l->close(); });
}

bool redis_backend::running() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return phase_ == phase::running;
}

} // namespace redactor::engine
