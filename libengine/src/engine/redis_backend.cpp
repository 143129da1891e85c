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
#include "processing/redis_outbox.hpp"
#include "redis/channel_reader.hpp"
#include "redis/list_reader.hpp"
#include "redis/loop_choice.hpp"
#include "redis/start_signal.hpp"
#include "redis/stream_reader.hpp"

namespace redactor::engine {
namespace {

std::size_t worker_threads(std::size_t configured) {
  if (configured > 0)
    return configured;
  return std::max(4u, std::thread::hardware_concurrency());
}

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
    : options_(std::move(options)),
      metrics_(std::make_shared<metrics::engine_metrics>(options_.metrics)),
      monitor_(*metrics_, request_stats_) {
  options_.log = detail::escaping_log(std::move(options_.log));
  pool_ = std::make_unique<execution::handler_pool>(
      worker_threads(options_.worker_threads));
  runtime shared;
  shared.pool = pool_.get();
  shared.options = &options_;
  shared.metrics = metrics_;
  shared.monitor = &monitor_;
  shared.log = options_.log;
  std::vector<std::shared_ptr<redis::command_gateway>> gateways;
  for (std::size_t k = 0; k < std::max<std::size_t>(1, options_.io_threads);
       ++k) {
    shards_.push_back(std::make_unique<shard>(k, shared, request_stats_));
    gateways.push_back(shards_.back()->rt().gateway);
    monitor_.watch(shards_.back()->rt().locator);
  }
  outbox_ = std::make_shared<processing::redis_outbox>(std::move(gateways),
                                                       options_, metrics_);
  if (first_shard().rt().locator->via_cluster())
    response_tag_ = "{redactor-rpc-" + detail::new_token(8) + "}";
}

redis_backend::~redis_backend() {
  stop();
  // The actors finish first, on the still running loops, so that no worker
  // hands the pool more work; then handlers still running past
  // graceful_timeout; then the shards.
  for (auto& s : shards_)
    s->await_actors();
  pool_.reset();
  shards_.clear();
}

shard& redis_backend::quietest_shard() {
  // One still stopping stays until it is closed: a broker stopped
  // meanwhile closes it, not the thread inside its stop().
  subs_.erase(std::remove_if(subs_.begin(), subs_.end(),
                             [](const placed_subscription& placed) {
                               return placed.sub->finished();
                             }),
              subs_.end());
  std::vector<std::size_t> running(shards_.size());
  for (const auto& placed : subs_)
    if (!placed.sub->stopped())
      ++running[placed.home->index()];
  auto fewest = std::min_element(running.begin(), running.end());
  return *shards_[static_cast<std::size_t>(fewest - running.begin())];
}

shard& redis_backend::home_shard() const {
  return *shards_[redis::home_loop(shards_.size(), [this](std::size_t k) {
    return shards_[k]->rt().loop->serves_this_thread();
  })];
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
  if (first_shard().rt().locator->via_cluster() &&
      !sub.dead_letter_stream.empty() &&
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
  auto* home = &quietest_shard();
  subs_.push_back({sub, home});
  if (phase_ == phase::running) {
    std::vector<std::future<std::optional<error_info>>> started;
    started.push_back(sub->start(home->rt()));
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
  // The command connections first: they prove Redis is there and the
  // credentials are good.
  std::vector<std::future<std::optional<error_info>>> started;
  for (auto& s : shards_)
    started.push_back(open_commands(*s));
  // Running from here on: whatever fails, stop_locked() undoes it all.
  phase_ = phase::running;
  try {
    for (auto& s : shards_) {
      started.push_back(s->requester().start());
      // Health from what the reader reports (it covers a refused
      // SUBSCRIBE, which leaves the connection up); the connection for the
      // metrics.
      monitor_.watch(s->label("rpc-inbox"), s->requester().inbox_connection());
      monitor_.watch(s->label("rpc-inbox"), s->requester().inbox_status());
    }
    for (auto& placed : subs_)
      if (!placed.sub->stopped()) // unsubscribed before the start
        started.push_back(placed.sub->start(placed.home->rt()));
    await_started(started);
  } catch (...) {
    stop_locked();
    throw;
  }
  monitor_.set_running(true);
  start_stream_sampling();
}

std::future<std::optional<error_info>> redis_backend::open_commands(shard& s) {
  auto signal = std::make_shared<redis::start_signal>();
  auto was_ready = std::make_shared<bool>(false);
  auto on_state = [signal, was_ready, log = options_.log,
                   url = options_.connection.display_url()](
                      redis::connection_state st, const error_info* why) {
    if (st != redis::connection_state::ready &&
        st != redis::connection_state::disconnected)
      return;
    bool ready = st == redis::connection_state::ready;
    bool changed = std::exchange(*was_ready, ready) != ready;
    // Once per outage, not once per reconnect attempt.
    if (!signal->first(ready, why) && changed && log)
      log(ready ? log_level::info : log_level::warning,
          "command connection to " + url +
              (ready ? ": connected again"
                     : ": lost (" + (why ? why->message() : std::string{}) +
                           "); publishes are held and retried"));
  };
  s.rt().gateway->open(
      std::move(on_state),
      [this, &s](redis::connection_stats_ptr stats,
                 const std::optional<redis::address>& node) {
        monitor_.watch(per_node(s.label("commands"), node), stats, true);
      },
      [this, &s](redis::connection_stats_ptr stats,
                 const std::optional<redis::address>& node) {
        // Idle until the first durable publish: listed, not required.
        monitor_.watch(per_node(s.label("durable-publishes"), node), stats,
                       false);
      });
  return signal->get_future();
}

void redis_backend::start_http() {
  auto& listen = options_.metrics.listen;
  if (listen.empty())
    return;
  metrics::http_endpoint::routes routes{[this] { return metrics_->text(); },
                                        [this] { return monitor_.health(); },
                                        {}};
  if (options_.metrics.serve_asyncapi)
    routes.asyncapi = [this] {
      return asyncapi::document(catalogue(), options_);
    };
  http_ = std::make_unique<metrics::http_endpoint>(*first_shard().rt().loop,
                                                   listen, std::move(routes));
  options_.log(log_level::info,
               "metrics: serving http://" + http_->address() +
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
  first_shard().rt().loop->post([this] { sample_streams(); });
}

void redis_backend::sample_streams() {
  auto& first = first_shard().rt();
  monitor_.sample_streams(*first.gateway);
  // The loop stops before this object goes, and stop() cancels the timer.
  sample_timer_ = first.loop->add_timer(options_.metrics.sample_interval,
                                        [this] { sample_streams(); });
}

void redis_backend::request(const destination& to, std::string_view body,
                            std::chrono::milliseconds timeout,
                            publish_options options,
                            std::function<void(result<message>)> callback) {
  home_shard().requester().request(to, body, timeout, std::move(options),
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
  // The calling thread's shard, whose gateway pushes the request too:
  // nothing crosses between loops per call.
  auto& home = home_shard();
  redis::route to;
  if (home.rt().locator->via_cluster())
    to.slot = cluster::key_slot(list);
  auto& waiter = response_lists_[{home.index(), to.slot.value_or(0)}];
  if (!waiter) {
    waiter = std::make_shared<redis::list_waiter>(home.rt().locator, to,
                                                  options_.log);
    // As the command connections: the loop's number, then where.
    auto name = home.label("rpc-response-lists") +
                (to.slot ? "@" + std::to_string(*to.slot) : std::string{});
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
    for (auto& s : shards_)
      s->requester().stop();
    return;
  }
  phase_ = phase::stopped;
  first_shard().rt().loop->post([this] {
    first_shard().rt().loop->cancel_timer(std::exchange(sample_timer_, 0));
  });
  stop_subscriptions();
  for (auto& s : shards_)
    s->requester().stop();
  for (auto& [where, waiter] : response_lists_)
    waiter->close();
  response_lists_.clear();
  // One bound for all the shards' command connections together.
  auto drained_by = std::chrono::steady_clock::now() +
                    std::min<std::chrono::milliseconds>(
                        options_.publish_timeout, drain_bound);
  for (auto& s : shards_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        drained_by - std::chrono::steady_clock::now());
    s->rt().gateway->close(std::max(left, std::chrono::milliseconds{0}));
    s->rt().loop->post([l = s->rt().locator] { l->close(); });
  }
}

void redis_backend::stop_subscriptions() {
  // All subscriptions stop at once, each answering its own shard's
  // scoped actor (one of another shard's system would wake the
  // subscription actor on the wrong loop); the waits share one deadline.
  std::vector<std::unique_ptr<caf::scoped_actor>> waiters;
  std::vector<std::size_t> pending;
  for (auto& s : shards_) {
    waiters.push_back(std::make_unique<caf::scoped_actor>(*s->rt().system));
    pending.push_back(0);
    for (auto& placed : subs_)
      if (placed.home == s.get() && placed.sub->begin_stop(*waiters.back()))
        ++pending.back();
  }
  auto deadline = std::chrono::steady_clock::now() + options_.graceful_timeout +
                  drain_bound;
  for (std::size_t k = 0; k < waiters.size(); ++k)
    for (; pending[k] > 0; --pending[k]) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      (*waiters[k])
          ->receive([](execution::stop_atom) {},
                    caf::after(std::max(left, std::chrono::milliseconds{0})) >>
                        [] {});
    }
  for (auto& placed : subs_)
    placed.sub->finish_stop();
  subs_.clear();
}

bool redis_backend::running() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return phase_ == phase::running;
}

} // namespace redactor::engine
