// SPDX-License-Identifier: MIT
#include "processing/message_processor.hpp"

#include <exception>

#include "processing/message_access.hpp"

namespace redactor {

message_processor::message_processor(
    subscription_spec_ptr spec,
    std::shared_ptr<detail::command_gateway> gateway, log_sink log)
    : spec_(std::move(spec)), gateway_(std::move(gateway)),
      log_(std::move(log)) {
  // nop
}

void message_processor::run(work_chunk& chunk,
                            const std::atomic<bool>& stopping) const {
  chunk.ack.assign(chunk.items.size(), 0);
  if (spec_->fn.is_batch())
    return run_batch(chunk);
  for (std::size_t i = 0; i < chunk.items.size(); ++i) {
    if (stopping.load(std::memory_order_relaxed))
      return;
    chunk.started.store(i + 1, std::memory_order_release);
    auto m = detail::message_access::make(chunk.items[i], *spec_);
    if (!accept(m)) {
      chunk.ack[i] = should_ack(false, settlement::reject);
      continue;
    }
    std::optional<response> r;
    bool ok = call(m, &m, r);
    spec_->stats->count(ok);
    if (ok)
      respond(m, r);
    chunk.ack[i] = should_ack(ok, m.settled());
  }
}

void message_processor::run_batch(work_chunk& chunk) const {
  chunk.started.store(chunk.items.size(), std::memory_order_release);
  std::vector<message> ms;
  ms.reserve(chunk.items.size());
  std::vector<std::size_t> refused;
  for (std::size_t i = 0; i < chunk.items.size(); ++i) {
    auto m = detail::message_access::make(chunk.items[i], *spec_);
    if (accept(m))
      ms.push_back(std::move(m));
    else
      refused.push_back(i);
  }
  std::optional<response> r;
  bool ok = ms.empty() || call(ms, nullptr, r);
  for (std::size_t i = 0; i < ms.size(); ++i)
    spec_->stats->count(ok);
  if (ok && r)
    for (auto& to : spec_->common.publish_to)
      publish(to, *r, ms.empty() ? std::string{} : ms.front().correlation_id());
  // Refused items are settled as failures; the others by the outcome.
  for (std::size_t i = 0, k = 0, next = 0; i < chunk.items.size(); ++i) {
    if (next < refused.size() && refused[next] == i) {
      ++next;
      chunk.ack[i] = should_ack(false, settlement::reject);
    } else {
      chunk.ack[i] = should_ack(ok, ms[k++].settled());
    }
  }
}

template <class Arg>
bool message_processor::call(const Arg& arg, const message* m,
                             std::optional<response>& r) const {
  try {
    r = spec_->fn(arg);
    return true;
  } catch (const std::exception& e) {
    log_failure(m, e.what());
  } catch (...) {
    log_failure(m, "an exception not derived from std::exception");
  }
  return false;
}

bool message_processor::accept(const message& m) const {
  spec_->stats->received.fetch_add(1, std::memory_order_relaxed);
  if (!m.decode_error())
    return true;
  spec_->stats->undecodable.fetch_add(1, std::memory_order_relaxed);
  if (!spec_->common.reject_undecodable)
    return true;
  if (log_)
    log_(log_level::error, spec_->label + ": refused an undecodable frame: " +
                               m.decode_error()->message());
  return false;
}

bool message_processor::should_ack(bool succeeded, settlement settled) const {
  if (!spec_->acks)
    return false;
  if (settled != settlement::none)
    return settled == settlement::ack;
  switch (spec_->policy) {
  case ack_policy::ack:
    return true;
  case ack_policy::reject_on_error:
  case ack_policy::nack_on_error:
    return succeeded;
  case ack_policy::ack_first: // acknowledged before the handler ran
  case ack_policy::manual:
    break;
  }
  return false;
}

void message_processor::respond(const message& m,
                                const std::optional<response>& r) const {
  // As in FastStream, a message with reply_to gets an answer even when the
  // handler returned nothing: an empty body with the correlation id.
  if (!m.reply_to().empty() && !spec_->common.no_reply)
    publish(destination::channel(m.reply_to()), r ? *r : response{},
            m.correlation_id());
  if (r)
    for (auto& to : spec_->common.publish_to)
      publish(to, *r, m.correlation_id());
}

void message_processor::publish(const destination& to, const response& r,
                                const std::string& correlation_id) const {
  publish_options opts;
  opts.headers = r.headers;
  opts.correlation_id =
      r.correlation_id.empty() ? correlation_id : r.correlation_id;
  opts.content_type = r.content_type;
  gateway_->publish(to, {r.body}, opts,
                    [log = log_, label = spec_->label,
                     name = to.name](result<publish_result> res) {
                      if (!res && log)
                        log(log_level::error,
                            label + ": publishing the response to " + name +
                                " failed: " + res.error().message());
                    });
}

void message_processor::log_failure(const message* m, const char* what) const {
  if (!log_)
    return;
  std::string line = spec_->label + ": handler failed";
  if (m)
    line += " (correlation_id " + m->correlation_id() + ")";
  line += ": ";
  line += what;
  log_(log_level::error, line);
}

} // namespace redactor
