// SPDX-License-Identifier: MIT
#include "testing/memory_backend.hpp"

#include <algorithm>

#include "detail/id_generator.hpp"
#include "detail/log_escape.hpp"
#include "processing/message_access.hpp"
#include "publishing/request_protocol.hpp"

namespace redactor::detail {

memory_backend::memory_backend(broker_options options)
    : options_(std::move(options)), metrics_(options_.metrics),
      inbox_("redactor:inbox:" + new_uuid4()) {
  options_.log = escaping_log(std::move(options_.log));
  inbox_spec_.kind = source_kind::channel;
  inbox_spec_.name = inbox_;
  router_ = std::make_shared<memory_router>(
      inbox_, options_,
      [this](redis::inbound reply) { on_reply(std::move(reply)); });
}

memory_backend::~memory_backend() {
  stop();
  router_->close();
}

subscription_token memory_backend::subscribe(const channel_sub& sub,
                                             subscription_spec_ptr spec) {
  return add(spec, memory_subscription::source::of(sub, *spec));
}

subscription_token memory_backend::subscribe(const list_sub& sub,
                                             subscription_spec_ptr spec) {
  return add(spec, memory_subscription::source::of(sub));
}

subscription_token memory_backend::subscribe(const stream_sub& sub,
                                             subscription_spec_ptr spec) {
  return add(spec, memory_subscription::source::of(sub));
}

subscription_token memory_backend::add(subscription_spec_ptr spec,
                                       memory_subscription::source from) {
  auto sub = std::make_shared<memory_subscription>(
      std::move(from), std::move(spec), router_, metrics_, options_.log,
      [this](const std::string& cid, std::exception_ptr error) {
        std::lock_guard<std::mutex> guard{mtx_};
        failures_.push_back({cid, std::move(error)});
      });
  router_->add(sub);
  return subscription_token{sub};
}

void memory_backend::stop() {
  router_->stop();
  std::unordered_map<std::string, reply_callback> waiting;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    waiting.swap(waiting_);
  }
  for (auto& [reply_channel, callback] : waiting) {
    stats_.release();
    callback(make_error(errc::connection_lost, "the broker stopped"));
  }
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
  if (!stats_.reserve(options_.max_pending_requests))
    return callback(make_error(errc::too_many_pending,
                               std::to_string(options_.max_pending_requests) +
                                   " requests are waiting for their replies"));
  options = request_protocol::outgoing(std::move(options), timeout);
  auto cid = options.correlation_id;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    options.reply_to = inbox_ + "." + std::to_string(++reply_channels_made_);
    waiting_.emplace(options.reply_to, std::move(callback));
  }
  auto reply_channel = options.reply_to;
  router_->publish(
      to, {body}, options,
      [this, reply_channel](result<publish_result> r) {
        if (!r)
          finish(reply_channel, r.error());
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
  finish(
      reply_channel,
      make_error(errc::timeout, "no reply to request " + cid +
                                    ": the test broker ran idle without one"),
      &stats_.timed_out);
}

health_report memory_backend::health() const {
  if (running())
    return {true, "ok", {}, {}};
  return {false, "not running", {}, {}};
}

std::size_t memory_backend::run_until_idle(testing::handler_errors errors) {
  auto delivered = drain();
  std::vector<failure> failures;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    failures.swap(failures_);
  }
  if (errors == testing::handler_errors::rethrow && !failures.empty())
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
  auto m = message_access::make(reply, inbox_spec_);
  if (!finish(reply.channel, request_protocol::outcome(std::move(m)),
              &stats_.replied))
    stats_.late_replies.fetch_add(1, std::memory_order_relaxed);
}

bool memory_backend::finish(const std::string& reply_channel,
                            result<message> outcome,
                            std::atomic<std::uint64_t>* counted) {
  reply_callback callback;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    auto i = waiting_.find(reply_channel);
    if (i == waiting_.end())
      return false;
    callback = std::move(i->second);
    waiting_.erase(i);
  }
  stats_.release();
  if (counted)
    counted->fetch_add(1, std::memory_order_relaxed);
  callback(std::move(outcome));
  return true;
}

} // namespace redactor::detail
