// SPDX-License-Identifier: MIT
#include "redactor/publisher.hpp"

#include "execution/engine_future.hpp"
#include "processing/outbox.hpp"
#include "processing/trace_context.hpp"

namespace redactor {

publisher::publisher(std::shared_ptr<processing::outbox> out,
                     std::shared_ptr<metrics::destination_meter> meter,
                     destination to, publish_options defaults)
    : out_(std::move(out)), meter_(std::move(meter)), to_(std::move(to)),
      defaults_(std::move(defaults)) {
  // nop
}

std::future<result<publish_result>>
publisher::publish(std::string_view body,
                   const publish_options& options) const {
  return execution::engine_future<publish_result>(
      [&](publish_callback cb) { publish(body, options, std::move(cb)); });
}

void publisher::publish(std::string_view body, const publish_options& options,
                        publish_callback callback) const {
  out_->publish(to_, {body}, merged(options),
                processing::trace_context::carried(std::move(callback)),
                meter_);
}

std::future<result<publish_result>>
publisher::publish_batch(const std::vector<std::string>& bodies,
                         const publish_options& options) const {
  return execution::engine_future<publish_result>([&](publish_callback cb) {
    if (to_.type == destination::kind::channel || bodies.empty()) {
      cb(make_error(errc::invalid_argument,
                    "publish_batch: needs a list or a stream and at least "
                    "one body"));
      return;
    }
    processing::outbox::body_list views(bodies.begin(), bodies.end());
    out_->publish(to_, views, merged(options), std::move(cb), meter_);
  });
}

publish_options publisher::merged(const publish_options& options) const {
  auto out = options;
  if (out.correlation_id.empty())
    out.correlation_id = defaults_.correlation_id;
  if (out.reply_to.empty())
    out.reply_to = defaults_.reply_to;
  if (out.content_type.empty())
    out.content_type = defaults_.content_type;
  if (out.min_replicas == 0) {
    out.min_replicas = defaults_.min_replicas;
    out.replica_timeout = defaults_.replica_timeout;
  }
  out.headers = defaults_.headers;
  for (auto& h : options.headers)
    set_header(out.headers, h.name, h.value);
  return out;
}

} // namespace redactor
