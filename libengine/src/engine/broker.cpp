// SPDX-License-Identifier: MIT
#include "redactor/broker.hpp"

#include "asyncapi/document.hpp"
#include "engine/redis_backend.hpp"
#include "execution/engine_future.hpp"
#include "metrics/engine_metrics.hpp"
#include "processing/trace_context.hpp"
#include "subscriptions/pull.hpp"

namespace redactor {
namespace {

template <class Sub>
void check(const Sub& sub, const handler& fn) {
  if (auto err = sub.validate())
    throw error{*err};
  if (!fn)
    throw error{make_error(errc::invalid_argument, "subscribe: no handler")};
}

/// A blocking read must return before the socket timeout declares its
/// connection dead.
void check_blocking(std::chrono::milliseconds polling_interval,
                    const connection_options& connection) {
  auto limit = connection.socket_timeout;
  if (limit.count() > 0 && polling_interval >= limit)
    throw error{make_error(errc::invalid_argument,
                           "polling_interval must be shorter than the "
                           "connection's socket_timeout (" +
                               std::to_string(limit.count()) + " ms)")};
}

template <class Descriptor>
std::shared_ptr<subscriptions::subscription_spec>
base_spec(const Descriptor& descriptor, source_kind kind, std::string name,
          std::string label, handler fn) {
  auto spec = std::make_shared<subscriptions::subscription_spec>();
  spec->descriptor = descriptor;
  spec->kind = kind;
  spec->name = std::move(name);
  spec->shared_name = std::make_shared<const std::string>(spec->name);
  spec->label = std::move(label);
  spec->common = descriptor;
  spec->fn = std::move(fn);
  return spec;
}

} // namespace

broker::broker(broker_options options)
    : broker(std::make_unique<engine::redis_backend>(std::move(options))) {
  // nop
}

broker::broker(std::string_view url)
    : broker([&] {
        broker_options opts;
        opts.connection = connection_options::from_url(url);
        return opts;
      }()) {
  // nop
}

broker::broker(std::unique_ptr<engine::broker_backend> backend)
    : impl_(std::move(backend)) {
  // nop
}

broker::~broker() = default;

subscription_token broker::subscribe(channel_sub sub, handler fn) {
  check(sub, fn);
  if (fn.is_batch())
    throw error{make_error(errc::invalid_argument,
                           "channel_sub: channels take single-message "
                           "handlers, not batch handlers")};
  auto spec = base_spec(sub, source_kind::channel, sub.channel,
                        "channel " + sub.channel, std::move(fn));
  subscriptions::path_pattern params{sub.channel};
  if (params.has_params())
    spec->params = params;
  spec->pattern = sub.is_pattern();
  spec->sharded = sub.sharded;
  return recorded(impl_->subscribe(std::move(spec)));
}

subscription_token broker::subscribe(list_sub sub, handler fn) {
  check(sub, fn);
  check_blocking(sub.polling_interval, impl_->options().connection);
  auto spec = base_spec(sub, source_kind::list, sub.list, "list " + sub.list,
                        std::move(fn));
  spec->pop_from = sub.pop_from;
  return recorded(impl_->subscribe(std::move(spec)));
}

subscription_token broker::subscribe(stream_sub sub, handler fn) {
  check(sub, fn);
  check_blocking(sub.polling_interval, impl_->options().connection);
  auto label = "stream " + sub.stream +
               (sub.has_group() ? " group " + sub.group : std::string{});
  auto spec = base_spec(sub, source_kind::stream, sub.stream, std::move(label),
                        std::move(fn));
  spec->acks = sub.has_group() && !sub.no_ack;
  spec->group = sub.group;
  spec->consumer = sub.consumer;
  spec->policy = sub.policy;
  return recorded(impl_->subscribe(std::move(spec)));
}

result<std::optional<message>>
broker::get_one(channel_sub sub, std::chrono::milliseconds timeout) {
  return subscriptions::pull_one(*this, *impl_, std::move(sub), timeout);
}

result<std::optional<message>>
broker::get_one(list_sub sub, std::chrono::milliseconds timeout) {
  return subscriptions::pull_one(*this, *impl_, std::move(sub), timeout);
}

result<std::optional<message>>
broker::get_one(stream_sub sub, std::chrono::milliseconds timeout) {
  return subscriptions::pull_one(*this, *impl_, std::move(sub), timeout);
}

void broker::start() {
  impl_->start();
}

void broker::stop() {
  impl_->stop();
}

bool broker::running() const {
  return impl_->running();
}

std::future<result<publish_result>>
broker::publish(const destination& to, std::string_view body,
                const publish_options& options) {
  return publisher{
      impl_->publishing(), impl_->metrics().destination(to.name), to, {}}
      .publish(body, options);
}

std::future<result<message>> broker::request(const destination& to,
                                             std::string_view body,
                                             std::chrono::milliseconds timeout,
                                             const publish_options& options) {
  return execution::engine_future<message>([&](auto callback) {
    request(to, body, timeout, options, std::move(callback));
  });
}

void broker::request(const destination& to, std::string_view body,
                     std::chrono::milliseconds timeout,
                     const publish_options& options,
                     std::function<void(result<message>)> callback) {
  if (options.raw)
    return callback(make_error(errc::invalid_argument,
                               "a request cannot be raw: its reply_to and "
                               "correlation id travel in the frame"));
  impl_->request(to, body, timeout, options,
                 processing::trace_context::carried(std::move(callback)));
}

request_counts broker::requests() const {
  return impl_->requests();
}

publisher broker::make_publisher(destination to, publish_options defaults) {
  impl_->catalogue().add(to, defaults);
  auto meter = impl_->metrics().destination(to.name);
  return publisher{impl_->publishing(), std::move(meter), std::move(to),
                   std::move(defaults)};
}

std::string broker::metrics_address() const {
  return impl_->metrics_address();
}

std::string broker::metrics_text() const {
  return impl_->metrics().text();
}

health_report broker::health() const {
  return impl_->health();
}

std::string broker::asyncapi() const {
  return asyncapi::document(impl_->catalogue(), impl_->options());
}

subscription_token broker::recorded(subscription_token token) {
  impl_->catalogue().add(subscriptions::token_access::handle(token));
  return token;
}

} // namespace redactor
