// SPDX-License-Identifier: MIT
#include "requests/requester.hpp"

#include <caf/send.hpp>

#include "execution/atoms.hpp"
#include "metrics/destination_meter.hpp"
#include "metrics/stopwatch.hpp"
#include "redis/start_signal.hpp"
#include "requests/request_protocol.hpp"

namespace redactor::requests {
namespace {

/// A request through the outbox, sent by the router once its reply
/// channel is subscribed, so no reply can come before anyone listens. It
/// counts as one publish to its destination, and its round trip once
/// answered.
class redis_request final : public request_job {
 public:
  redis_request(reply_router_actor router,
                std::shared_ptr<processing::outbox> outbox, destination to,
                std::string_view body, publish_options options,
                std::shared_ptr<metrics::destination_meter> meter,
                reply_callback callback)
      : unsent_(unsent{std::move(router), std::move(outbox), std::move(to),
                       std::string{body}, std::move(options)}),
        meter_(std::move(meter)), callback_(std::move(callback)) {}

  const std::string& correlation_id() const noexcept override {
    return unsent_ ? unsent_->options.correlation_id : correlation_id_;
  }

  void send(std::uint64_t channel, std::string reply_to) override {
    auto& out = *unsent_;
    out.options.reply_to = std::move(reply_to);
    out.outbox->publish(
        out.to, {out.body}, out.options,
        [router = out.router, channel](result<publish_result> r) {
          if (!r)
            caf::anon_send(router, execution::fail_atom::value, channel,
                           r.error());
        },
        meter_);
    // The frame is written: the request may wait long for its reply, and
    // need not hold its body meanwhile.
    correlation_id_ = std::move(out.options.correlation_id);
    unsent_.reset();
  }

  void finish(result<message> outcome) override {
    if (outcome || outcome.error().code == errc::remote_error)
      meter_->rpc_duration().observe(metrics::seconds_since(since_));
    callback_(std::move(outcome));
  }

 private:
  /// What only sending needs.
  struct unsent {
    reply_router_actor router;
    std::shared_ptr<processing::outbox> outbox;
    destination to;
    std::string body;
    publish_options options;
  };

  std::optional<unsent> unsent_;
  /// Once sent.
  std::string correlation_id_;
  std::shared_ptr<metrics::destination_meter> meter_;
  metrics::clock::time_point since_ = metrics::clock::now();
  reply_callback callback_;
};

} // namespace

requester::requester(parts p, std::shared_ptr<request_stats> stats)
    : parts_(std::move(p)), stats_(std::move(stats)) {
  // nop
}

std::future<std::optional<error_info>> requester::start() {
  auto inbox = new_inbox();
  // The reader exists before the router it reports to: its events reach
  // the router through this cell, filled before the reader opens.
  auto router = std::make_shared<reply_router_actor>();
  auto signal = std::make_shared<redis::start_signal>();
  redis::reader::events ev;
  ev.on_batch = [router](redis::inbound_batch batch) {
    caf::anon_send(*router, execution::batch_atom::value, std::move(batch));
  };
  auto status = std::make_shared<redis::reader_status>();
  ev.on_state = [signal, router, status,
                 log = parts_.log](bool ready, const error_info* why) {
    status->set(ready, why);
    if (!ready)
      caf::anon_send(*router, execution::disarm_atom::value);
    if (!signal->first(ready, why) && why &&
        why->code == make_error_code(errc::refused))
      log(log_level::error, "RPC reply inbox: not subscribed: " + why->detail +
                                "; requests will time out");
  };
  ev.log = parts_.log;
  auto reader = std::make_shared<redis::reply_channel_reader>(
      parts_.locator, std::move(ev),
      [router](redis::reply_channel_reader::channel_list confirmed) {
        caf::anon_send(*router, execution::subscribed_atom::value,
                       std::move(confirmed));
      },
      [inbox](std::string& out, std::uint64_t n) {
        append_reply_channel(out, inbox, n);
      },
      [inbox](std::string_view name) {
        return reply_channel_number(inbox, name);
      },
      first_reply_channels);
  *router = parts_.system->spawn(reply_router, inbox,
                                 std::weak_ptr<redis::reply_channels>{reader},
                                 stats_);
  {
    std::lock_guard<std::mutex> guard{mtx_};
    started_or_stopped_ = true;
    router_ = *router;
    inbox_reader_ = reader;
    inbox_status_ = status;
    // Under the lock, so that a stop() posts the reader's close after it.
    parts_.loop->post([reader] { reader->open(); });
  }
  return signal->get_future();
}

redis::connection_stats_ptr requester::inbox_connection() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return inbox_reader_ ? inbox_reader_->connection_stats() : nullptr;
}

std::shared_ptr<const redis::reader_status> requester::inbox_status() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return inbox_status_;
}

void requester::request(const destination& to, std::string_view body,
                        std::chrono::milliseconds timeout,
                        publish_options options,
                        std::function<void(result<message>)> callback) {
  reply_router_actor router;
  bool started = false;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    router = router_;
    started = started_or_stopped_;
  }
  if (!router) {
    callback(
        make_error(errc::not_running,
                   started ? "it was stopped" : "start() has not been called"));
    return;
  }
  if (!stats_->reserve(parts_.max_pending)) {
    callback(make_error(errc::too_many_pending,
                        std::to_string(parts_.max_pending) +
                            " requests are waiting for their replies"));
    return;
  }
  options = outgoing(std::move(options), timeout);
  outgoing_request req;
  req.deadline = std::chrono::steady_clock::now() + timeout;
  req.job = std::make_shared<redis_request>(
      std::move(router), parts_.outbox, to, body, std::move(options),
      parts_.metrics->destination(to.name), std::move(callback));
  // Sent under the lock under which stop() sends the router its exit: a
  // request that finds the router there reaches it before the exit and
  // fails with the stop, rather than being dropped unanswered.
  std::unique_lock<std::mutex> guard{mtx_};
  if (router_) {
    caf::anon_send(router_, execution::register_atom::value, std::move(req));
    return;
  }
  guard.unlock();
  stats_->release();
  req.job->finish(make_error(errc::not_running, "it was stopped"));
}

void requester::stop() {
  std::shared_ptr<redis::reply_channel_reader> reader;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    started_or_stopped_ = true;
    if (router_)
      caf::anon_send_exit(router_, caf::exit_reason::user_shutdown);
    router_ = nullptr;
    reader = std::move(inbox_reader_);
    inbox_status_.reset();
  }
  if (reader)
    parts_.loop->post([r = std::move(reader)]() mutable {
      r->close();
      r.reset();
    });
}

} // namespace redactor::requests
