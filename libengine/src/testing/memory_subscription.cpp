// SPDX-License-Identifier: MIT
#include "testing/memory_subscription.hpp"

#include "subscriptions/glob.hpp"

namespace redactor::testing {
namespace {

/// A spec like `spec`, with handler `fn`.
subscriptions::subscription_spec_ptr
with_handler(const subscriptions::subscription_spec& spec, handler fn) {
  auto out = std::make_shared<subscriptions::subscription_spec>(spec);
  out->fn = std::move(fn);
  return out;
}

} // namespace

memory_subscription::memory_subscription(
    subscriptions::subscription_spec_ptr spec,
    std::shared_ptr<processing::outbox> out, metrics::engine_metrics& metrics,
    log_sink log, failure_sink on_failure)
    : spec_(std::move(spec)), on_failure_(std::move(on_failure)),
      processor_(std::make_shared<processing::message_processor>(
          with_handler(*spec_, recording(spec_->fn)), std::move(out), metrics,
          std::move(log))) {
  // nop
}

bool memory_subscription::reads_from(destination::kind kind,
                                     const std::string& name) const {
  switch (spec_->kind) {
  case source_kind::list:
    return kind == destination::kind::list && spec_->name == name;
  case source_kind::stream:
    return kind == destination::kind::stream && spec_->name == name;
  case source_kind::channel:
    break;
  }
  if (kind != destination::kind::channel)
    return false;
  auto& glob = spec_->channel_glob();
  return spec_->pattern ? subscriptions::glob_match(glob, name) : glob == name;
}

processing::work_chunk_ptr
memory_subscription::handle(redis::inbound_batch items) const {
  static const std::atomic<bool> never{false};
  auto chunk = std::make_shared<processing::work_chunk>();
  chunk->items = std::move(items);
  // An answer deferred past this call settles after the acks were read:
  // its entry stays pending.
  processor_->run(chunk, never);
  return chunk;
}

std::vector<message> memory_subscription::received() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return received_;
}

void memory_subscription::record(const message& m) {
  std::lock_guard<std::mutex> guard{mtx_};
  received_.push_back(m);
}

handler memory_subscription::recording(handler fn) {
  // The processor that calls it is a member: `this` outlives every call.
  auto report = [this](const std::string& cid) {
    if (on_failure_)
      on_failure_(cid, std::current_exception());
  };
  if (fn.is_deferred())
    return [this, fn, report](const message& m, responder reply) {
      record(m);
      try {
        fn(m, std::move(reply));
      } catch (...) {
        report(m.correlation_id());
        throw;
      }
    };
  if (fn.is_batch())
    return [this, fn, report](const std::vector<message>& ms) {
      for (auto& m : ms)
        record(m);
      try {
        return fn(ms);
      } catch (...) {
        report(ms.empty() ? std::string{} : ms.front().correlation_id());
        throw;
      }
    };
  return [this, fn, report](const message& m) {
    record(m);
    try {
      return fn(m);
    } catch (...) {
      report(m.correlation_id());
      throw;
    }
  };
}

} // namespace redactor::testing
