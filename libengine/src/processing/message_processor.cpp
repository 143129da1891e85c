// SPDX-License-Identifier: MIT
#include "processing/message_processor.hpp"

#include <exception>

#include "metrics/destination_meter.hpp"
#include "metrics/error_label.hpp"
#include "metrics/handler_hooks.hpp"
#include "metrics/stopwatch.hpp"
#include "processing/message_access.hpp"
#include "processing/pending_reply.hpp"
#include "processing/trace_context.hpp"
#include "redactor/codec/wire_headers.hpp"
#include "redactor/reply_address.hpp"
#include "requests/request_protocol.hpp"

namespace redactor::processing {
namespace {

using metrics::processing_status;

/// FastStream's status: how the handler settled the message, else whether
/// it threw.
processing_status status_of(bool failed, settlement settled) {
  switch (settled) {
  case settlement::ack:
    return processing_status::acked;
  case settlement::nack:
    return processing_status::nacked;
  case settlement::reject:
    return processing_status::rejected;
  case settlement::none:
    break;
  }
  return failed ? processing_status::error : processing_status::acked;
}

} // namespace

message_processor::message_processor(subscriptions::subscription_spec_ptr spec,
                                     std::shared_ptr<outbox> out,
                                     metrics::engine_metrics& metrics,
                                     log_sink log)
    : spec_(std::move(spec)), out_(std::move(out)),
      meter_(std::make_shared<metrics::subscription_meter>(metrics, spec_->name,
                                                           spec_->pattern)),
      handling_(std::make_shared<metrics::handler_hooks>(meter_),
                out_->middleware()),
      log_(std::move(log)) {
  for (auto& to : spec_->common.publish_to)
    publish_to_meters_.push_back(metrics.destination(to.name));
}

bool message_processor::run(const work_chunk_ptr& chunk,
                            const std::atomic<bool>& stopping,
                            std::function<void()> settled) const {
  auto& items = chunk->items;
  chunk->outcomes.assign(items.size(), item_outcome::none);
  if (spec_->fn.is_batch()) {
    run_batch(*chunk);
  } else {
    const auto from = message_source::of(*spec_);
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (stopping.load(std::memory_order_relaxed))
        break;
      chunk->started.store(i + 1, std::memory_order_release);
      if (oversized(items[i])) {
        auto& meter = meter_->for_channel(items[i].channel);
        meter.received(1, items[i].payload.size());
        meter.processed(processing_status::rejected);
        chunk->outcomes[i] = outcome(false, settlement::reject);
        continue;
      }
      auto m = decode(items[i], from);
      auto& meter = meter_->for_channel(m.channel());
      meter.received(1, m.body().size());
      log_received(m);
      if (!accept(m)) {
        meter.processed(processing_status::rejected);
        chunk->outcomes[i] = outcome(false, settlement::reject);
      } else if (expired(m) || reply_refused(m)) {
        meter.processed(processing_status::skipped);
        // Done with: nobody waits for it any more, or may be answered.
        chunk->outcomes[i] = done_with();
      } else {
        handle(chunk, i, std::move(m), meter, settled);
      }
    }
  }
  return chunk->unsettled.fetch_sub(1, std::memory_order_acq_rel) == 1;
}

void message_processor::handle(const work_chunk_ptr& chunk, std::size_t i,
                               message m, metrics::handler_meter& meter,
                               const std::function<void()>& settled) const {
  auto& fn = spec_->fn;
  if (!fn.is_deferred()) {
    std::optional<response> r;
    auto failure = call([&] { r = fn(m); }, &m, 1);
    return settle(*chunk, i, m, meter, r, failure);
  }
  // The message outlives this call: the answer may come from elsewhere.
  auto shared = std::make_shared<message>(std::move(m));
  chunk->unsettled.fetch_add(1, std::memory_order_relaxed);
  auto pending = std::make_shared<pending_reply>(
      [self = shared_from_this(), chunk, i, shared, meter = &meter,
       settled](std::optional<response> r, std::optional<std::string> failure) {
        if (failure)
          self->log_failure(shared.get(), failure->c_str());
        self->settle(*chunk, i, *shared, *meter, r, failure);
        if (chunk->unsettled.fetch_sub(1, std::memory_order_acq_rel) == 1 &&
            settled)
          settled();
      });
  auto failure = call([&] { fn(*shared, pending_reply::handle(pending)); },
                      shared.get(), 1);
  // A handler that threw has answered, unless its responder did first.
  if (failure && pending->claim()) {
    settle(*chunk, i, *shared, meter, std::nullopt, failure);
    chunk->unsettled.fetch_sub(1, std::memory_order_relaxed);
  }
}

void message_processor::settle(
    work_chunk& chunk, std::size_t i, const message& m,
    metrics::handler_meter& meter, const std::optional<response>& r,
    const std::optional<std::string>& failure) const {
  // A failure answered in the handler's own protocol counts as one.
  bool answered_failure = !failure && r && !r->failed_as.empty();
  if (answered_failure)
    meter.exception(r->failed_as);
  spec_->stats->count(!failure && !answered_failure);
  meter.processed(
      status_of(failure.has_value() || answered_failure, m.settled()));
  if (failure)
    respond_failure(m, *failure);
  else
    respond(m, r);
  chunk.outcomes[i] = outcome(!failure, m.settled());
}

void message_processor::run_batch(work_chunk& chunk) const {
  chunk.started.store(chunk.items.size(), std::memory_order_release);
  // Lists and streams only: one handler label.
  auto& meter = meter_->for_channel(spec_->name);
  std::vector<message> ms;
  ms.reserve(chunk.items.size());
  std::size_t bytes = 0;
  // Items left out of the batch, with how each is settled: refused ones as
  // failures, expired ones as done.
  std::vector<std::pair<std::size_t, item_outcome>> left_out;
  const auto from = message_source::of(*spec_);
  for (std::size_t i = 0; i < chunk.items.size(); ++i) {
    if (oversized(chunk.items[i])) {
      bytes += chunk.items[i].payload.size();
      meter.processed(processing_status::rejected);
      left_out.emplace_back(i, outcome(false, settlement::reject));
      continue;
    }
    auto m = decode(chunk.items[i], from);
    bytes += m.body().size();
    log_received(m);
    if (!accept(m)) {
      meter.processed(processing_status::rejected);
      left_out.emplace_back(i, outcome(false, settlement::reject));
    } else if (expired(m)) {
      meter.processed(processing_status::skipped);
      left_out.emplace_back(i, done_with());
    } else {
      ms.push_back(std::move(m));
    }
  }
  meter.received(chunk.items.size(), bytes);
  std::optional<response> r;
  bool ok =
      ms.empty() || !call([&] { r = spec_->fn(ms); }, ms.data(), ms.size());
  for (auto& m : ms) {
    spec_->stats->count(ok);
    meter.processed(status_of(!ok, m.settled()));
  }
  if (ok && r && !ms.empty())
    publish_onward(*r, ms.front());
  for (std::size_t i = 0, k = 0, next = 0; i < chunk.items.size(); ++i) {
    if (next < left_out.size() && left_out[next].first == i)
      chunk.outcomes[i] = left_out[next++].second;
    else
      chunk.outcomes[i] = outcome(ok, ms[k++].settled());
  }
}

template <class Invoke>
std::optional<std::string> message_processor::call(Invoke&& invoke,
                                                   const message* ms,
                                                   std::size_t n) const {
  auto trace = trace_context::of(ms[0]);
  trace_context::scope in_trace{trace};
  for (std::size_t i = 0; i < n; ++i)
    handling_.before_handle(ms[i]);
  auto since = metrics::clock::now();
  handling_outcome ended;
  auto& failure = ended.failure;
  try {
    invoke();
  } catch (const error& e) {
    // Redactor's own errors by their errc ("invalid_json"), which says
    // more than the one type they share.
    failure = e.what();
    ended.failure_type = metrics::error_label(e.info());
  } catch (const std::exception& e) {
    failure = e.what();
    ended.failure_type = metrics::exception_label(typeid(e));
  } catch (...) {
    failure = "an exception not derived from std::exception";
    ended.failure_type = "unknown";
  }
  ended.duration = metrics::clock::now() - since;
  if (failure)
    log_failure(spec_->fn.is_batch() ? nullptr : ms, failure->c_str());
  ended.batch_size = n;
  for (std::size_t i = 0; i < n; ++i) {
    ended.batch_index = i;
    handling_.after_handle(ms[i], ended);
  }
  return failure;
}

bool message_processor::expired(const message& m) const {
  auto late = requests::overdue(m);
  if (!late)
    return false;
  spec_->stats->expired.fetch_add(1, std::memory_order_relaxed);
  log(log_level::warning,
      "dropped request " + m.correlation_id() + ", its deadline passed " +
          std::to_string(late->count()) + " ms ago",
      m.correlation_id());
  return true;
}

bool message_processor::reply_refused(const message& m) const {
  if (!wants_reply(m))
    return false;
  auto to = reply_destination(m);
  if (to.type == destination::kind::channel)
    return false;
  for (const auto& prefix : spec_->common.reply_key_prefixes)
    if (to.name.compare(0, prefix.size(), prefix) == 0)
      return false;
  spec_->stats->refused_replies.fetch_add(1, std::memory_order_relaxed);
  log(log_level::warning,
      "dropped request " + m.correlation_id() + ": its reply_to '" +
          m.reply_to() + "' names a key outside reply_key_prefixes",
      m.correlation_id(), to.name);
  return true;
}

bool message_processor::oversized(const redis::inbound& in) const {
  auto limit = out_->max_message_bytes();
  if (limit == 0 || in.payload.size() <= limit)
    return false;
  spec_->stats->received.fetch_add(1, std::memory_order_relaxed);
  spec_->stats->oversized.fetch_add(1, std::memory_order_relaxed);
  log(log_level::error,
      "refused a message of " + std::to_string(in.payload.size()) +
          " bytes, over max_message_bytes (" + std::to_string(limit) + ")" +
          (in.id.empty() ? std::string{} : "; entry " + in.id));
  return true;
}

message message_processor::decode(redis::inbound& in,
                                  const message_source& from) const {
  if (spec_->kind == source_kind::list)
    return decode_message(in, from);
  return decode_message_taking_payload(in, from);
}

bool message_processor::accept(const message& m) const {
  spec_->stats->received.fetch_add(1, std::memory_order_relaxed);
  if (!m.decode_error())
    return true;
  spec_->stats->undecodable.fetch_add(1, std::memory_order_relaxed);
  if (!spec_->common.reject_undecodable)
    return true;
  log(log_level::error,
      "refused an undecodable frame: " + m.decode_error()->message(),
      m.correlation_id());
  return false;
}

item_outcome message_processor::outcome(bool succeeded,
                                        settlement settled) const {
  if (spec_->kind == source_kind::list)
    return settled == settlement::nack ? item_outcome::requeue
                                       : item_outcome::none;
  if (!spec_->acks)
    return item_outcome::none;
  if (settled != settlement::none)
    return settled == settlement::ack ? item_outcome::ack : item_outcome::none;
  switch (spec_->policy) {
  case ack_policy::ack:
    return item_outcome::ack;
  case ack_policy::reject_on_error:
  case ack_policy::nack_on_error:
    return succeeded ? item_outcome::ack : item_outcome::none;
  case ack_policy::ack_first: // acknowledged before the handler ran
  case ack_policy::manual:
    break;
  }
  return item_outcome::none;
}

item_outcome message_processor::done_with() const {
  return spec_->acks ? item_outcome::ack : item_outcome::none;
}

bool message_processor::wants_reply(const message& m) const {
  return !message_access::reply_to(m).empty() && !spec_->common.no_reply;
}

destination message_processor::reply_destination(const message& m) const {
  auto to = redactor::reply_destination(message_access::reply_to(m),
                                        spec_->common.reply_kind);
  to.maxlen = spec_->common.reply_maxlen;
  return to;
}

void message_processor::respond(const message& m,
                                const std::optional<response>& r) const {
  // As in FastStream, a message with reply_to gets an answer even when the
  // handler returned nothing: an empty body with the correlation id.
  if (wants_reply(m))
    publish(reply_destination(m), r ? *r : response{}, m);
  if (r)
    publish_onward(*r, m);
}

void message_processor::publish_onward(const response& r,
                                       const message& m) const {
  auto& targets = spec_->common.publish_to;
  for (std::size_t i = 0; i < targets.size(); ++i)
    publish(targets[i], r, m, publish_to_meters_[i]);
}

void message_processor::respond_failure(const message& m,
                                        const std::string& failure) const {
  // At once, rather than leaving the requester to its timeout.
  if (!wants_reply(m))
    return;
  response r{failure, std::string{wire_headers::text_plain}};
  r.headers.push_back({std::string{wire_headers::error},
                       std::string{wire_headers::error_handler}});
  publish(reply_destination(m), r, m);
}

void message_processor::publish(
    destination to, const response& r, const message& m,
    std::shared_ptr<metrics::destination_meter> meter) const {
  if (r.maxlen > 0)
    to.maxlen = r.maxlen;
  publish_options opts;
  opts.headers = r.headers;
  trace_context::propagate(trace_context::of(m), opts.headers);
  opts.correlation_id = r.correlation_id.empty()
                            ? std::string{message_access::correlation_id(m)}
                            : r.correlation_id;
  opts.content_type = r.content_type;
  out_->publish(
      to, {r.body}, opts,
      [self = shared_from_this(), name = to.name,
       correlation_id = opts.correlation_id](result<publish_result> res) {
        if (!res)
          self->log(log_level::error,
                    "publishing the response to " + name +
                        " failed: " + res.error().message(),
                    correlation_id, name);
        else if (self->log_.enabled(log_level::debug))
          self->log(log_level::debug, "sent the response to " + name,
                    correlation_id, name);
      },
      std::move(meter));
}

void message_processor::log_failure(const message* m, const char* what) const {
  if (!log_.enabled(log_level::error))
    return;
  std::string line = "handler failed";
  if (m)
    line += " (correlation_id " + m->correlation_id() + ")";
  line += ": ";
  line += what;
  log(log_level::error, line, m ? m->correlation_id() : std::string{});
}

void message_processor::log_received(const message& m) const {
  if (!log_.enabled(log_level::debug))
    return;
  auto text =
      "received " + std::to_string(m.body().size()) + " bytes (" +
      (m.correlation_id().empty() ? std::string{"no correlation id"}
                                  : "correlation_id " + m.correlation_id()) +
      ")";
  if (!m.entry_id().empty())
    text += ", entry " + m.entry_id();
  if (!m.reply_to().empty())
    text += ", reply_to " + m.reply_to();
  log(log_level::debug, text, m.correlation_id());
}

void message_processor::log(log_level level, const std::string& text,
                            std::string_view correlation_id,
                            std::string_view destination) const {
  if (!log_.enabled(level))
    return;
  auto line = spec_->label + ": " + text;
  log_({level, line, spec_->label, correlation_id, destination});
}

} // namespace redactor::processing
