// SPDX-License-Identifier: MIT
#include "testing/memory_backend.hpp"

#include <algorithm>

#include "detail/log_escape.hpp"
#include "processing/message_access.hpp"
#include "requests/request_protocol.hpp"

namespace redactor::testing {

memory_backend::memory_backend(broker_options options)
    : options_(std::move(options)), metrics_(options_.metrics),
      inbox_(requests::new_inbox()) {
  options_.log = detail::escaping_log(std::move(options_.log));
  router_ = std::make_shared<memory_router>(
      inbox_, options_,
      [this](redis::inbound reply) { on_reply(std::move(reply)); });
}

memory_backend::~memory_backend() {
  stop();
  router_->close();
}

template <class Decide>
auto memory_backend::locked(Decide&& decide) {
  std::lock_guard<std::mutex> guard{mtx_};
  return decide();
}

subscription_token
memory_backend::subscribe(subscriptions::subscription_spec_ptr spec) {
  auto sub = std::make_shared<memory_subscription>(
      std::move(spec), router_, metrics_, options_.log,
      [this](const std::string& cid, std::exception_ptr error) {
        std::lock_guard<std::mutex> guard{mtx_};
        failures_.push_back({cid, std::move(error)});
      });
  router_->add(sub);
  return subscriptions::token_access::make(sub);
}

void memory_backend::stop() {
  router_->stop();
  requests::complete(locked([&] {
    return pending_.fail_all(
        make_error(errc::connection_lost, "the broker stopped"));
  }));
}

void memory_backend::request(const destination& to, std::string_view body,
                             std::chrono::milliseconds timeout,
                             publish_options options,
                             std::function<void(result<message>)> callback) {
  if (!running())
    return callback(
        make_error(errc::not_running, "the test broker is not running"));
  if (!router_->has_reader(to))
    return callback(make_error(errc::no_subscriber,
                               "no subscription reads " + to.name +
                                   ", so nothing can answer the request"));
  if (!stats_->reserve(options_.max_pending_requests))
    return callback(make_error(errc::too_many_pending,
                               std::to_string(options_.max_pending_requests) +
                                   " requests are waiting for their replies"));
  options = requests::outgoing(std::move(options), timeout);
  auto cid = options.correlation_id;
  requests::pending_requests::channel_id channel = 0;
  requests::complete(locked([&] {
    channel = ++reply_channels_made_;
    options.reply_to = requests::reply_channel(inbox_, channel);
    auto refused = pending_.add(
        channel, requests::pending_requests::clock::now() + timeout,
        requests::callback_job(cid, std::move(callback)));
    // Sent below, on this thread, once registered.
    if (!refused)
      pending_.take_unsent(channel);
    return refused;
  }));
  router_->publish(
      to, {body}, options,
      [this, channel](result<publish_result> r) {
        if (!r)
          requests::complete(
              locked([&] { return pending_.fail(channel, r.error()); }));
      },
      metrics_.destination(to.name));
  drain();
  {
    // Answered by the request's error reply: not a failure to rethrow.
    std::lock_guard<std::mutex> guard{mtx_};
    failures_.erase(std::remove_if(failures_.begin(), failures_.end(),
                                   [&](const failure& f) {
                                     return f.correlation_id == cid;
                                   }),
                    failures_.end());
  }
  requests::complete(locked([&] {
    return pending_.time_out(channel,
                             "no reply to request " + cid +
                                 ": the test broker ran idle without one");
  }));
}

health_report memory_backend::health() const {
  if (running())
    return {true, "ok", {}, {}};
  return {false, "not running", {}, {}};
}

std::size_t memory_backend::run_until_idle(handler_errors errors) {
  auto delivered = drain();
  std::vector<failure> failures;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    failures.swap(failures_);
  }
  if (errors == handler_errors::rethrow && !failures.empty())
    std::rethrow_exception(failures.front().error);
  return delivered;
}

std::size_t memory_backend::drain() {
  router_->release_requeued();
  std::size_t delivered = 0;
  while (router_->run_one(delivered)) {
  }
  return delivered;
}

void memory_backend::on_reply(redis::inbound reply) {
  auto channel = requests::reply_channel_number(inbox_, reply.channel);
  if (!channel) {
    // Published to "<inbox>." followed by no channel number.
    locked([&] { pending_.unmatched_reply(); });
    return;
  }
  auto m = processing::decode_message(std::move(reply), replies_from_);
  requests::complete(
      locked([&] { return pending_.reply(*channel, std::move(m)); }));
}

} // namespace redactor::testing
