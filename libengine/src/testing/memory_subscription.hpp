// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "processing/message_processor.hpp"
#include "redactor/channel_sub.hpp"
#include "redactor/list_sub.hpp"
#include "redactor/stream_sub.hpp"
#include "subscriptions/subscription_handle.hpp"
#include "testing/memory_store.hpp"

namespace redactor::testing {

/// One subscription of the test broker: what it reads, and its handler run
/// through the engine's message_processor, recording every message the
/// handler was called with.
class memory_subscription final : public subscriptions::subscription_handle {
 public:
  /// Told of each exception a handler throws, with the message's
  /// correlation id (a batch's first), before the processor handles it.
  using failure_sink = std::function<void(const std::string& correlation_id,
                                          std::exception_ptr failure)>;

  /// What it reads, from its descriptor.
  memory_subscription(subscriptions::subscription_spec_ptr spec,
                      std::shared_ptr<processing::outbox> out,
                      metrics::engine_metrics& metrics, log_sink log,
                      failure_sink on_failure);

  void stop() override { stopped_ = true; }
  /// Nothing runs beside the caller here: not delivering is enough.
  void stop_taking() override { stopped_ = true; }
  bool active() const override { return running_ && !stopped_; }
  bool stopped() const override { return stopped_; }
  /// As subscribed: the handler unwrapped, with its contract.
  const subscriptions::subscription_spec& spec() const noexcept override {
    return *spec_;
  }

  /// What it reads, as subscribed.
  template <class Descriptor>
  const Descriptor& reads() const {
    return std::get<Descriptor>(spec_->descriptor);
  }

  /// Set by the router as the broker starts and stops.
  void set_running(bool running) { running_ = running; }

  /// Whether what is sent to the `kind` named `name` reaches it: a
  /// channel by its name or glob, a list or stream by its name.
  bool reads_from(destination::kind kind, const std::string& name) const;

  /// Runs the handler over `items`; the chunk as it left them, with what
  /// becomes of each (acknowledged, given back).
  processing::work_chunk_ptr handle(redis::inbound_batch items) const;

  /// What the handler was called with so far, in order.
  std::vector<message> received() const;

  /// Streams without a group: the last entry read. The router's.
  memory_store::position cursor = 0;

 private:
  /// The user's handler, recording what it is called with and reporting
  /// what it throws.
  handler recording(handler fn);
  void record(const message& m);

  subscriptions::subscription_spec_ptr spec_;
  failure_sink on_failure_;
  std::shared_ptr<const processing::message_processor> processor_;
  std::atomic<bool> running_{false};
  std::atomic<bool> stopped_{false};
  mutable std::mutex mtx_;
  std::vector<message> received_;
};

} // namespace redactor::testing
