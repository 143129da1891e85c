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
#include "execution/atoms.hpp"
#include "execution/engine_future.hpp"
#include "execution/loop_coordinator.hpp"
#include "processing/redis_outbox.hpp"
#include "redis/channel_reader.hpp"
#include "redis/list_reader.hpp"
#include "redis/start_signal.hpp"
#include "redis/stream_reader.hpp"

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
  requester_ = std::make_unique<requests::requester>(
      requests::requester::parts{system_.get(), loop_.get(), rt_.locator,
                                 rt_.outbox, &metrics_, rt_.log,
                                 options_.max_pending_requests},
      request_stats_);
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
  auto signal = std::make_shared<redis::start_signal>();
  auto was_ready = std::make_shared<bool>(false);
  std::vector<std::future<redis::start_signal::outcome>> started;
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
  // Running from here on: whatever fails, stop_locked() undoes it all.
  phase_ = phase::running;
  try {
    started.push_back(requester_->start());
    // Health from what the reader reports (it covers a refused SUBSCRIBE,
    // which leaves the connection up); the connection for the metrics.
    monitor_.watch("rpc-inbox", requester_->inbox_connection());
    monitor_.watch("rpc-inbox", requester_->inbox_status());
    for (auto& sub : subs_)
      if (!sub->stopped()) // unsubscribed before the start
        started.push_back(sub->start(rt_));
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

void redis_backend::request(const destination& to, std::string_view body,
                            std::chrono::milliseconds timeout,
                            publish_options options,
                            std::function<void(result<message>)> callback) {
  requester_->request(to, body, timeout, std::move(options),
                      std::move(callback));
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
  // for the I/O loop, whose tasks (a handler's subscribe()) may wait for it.
  http = std::move(http_);
  stop_locked();
}

void redis_backend::stop_locked() {
  http_.reset();
  monitor_.set_running(false);
  if (phase_ != phase::running) {
    phase_ = phase::stopped;
    requester_->stop();
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
  requester_->stop();
  for (auto& [slot, waiter] : response_lists_)
    waiter->close();
  response_lists_.clear();
  rt_.gateway->close(std::min<std::chrono::milliseconds>(
      options_.publish_timeout, drain_bound));
  loop_->post([l = rt_.locator] { l->close(); });
}

bool redis_backend::running() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return phase_ == phase::running;
}

} // namespace redactor::engine
