// SPDX-License-Identifier: MIT
#include "metrics/handler_meter.hpp"

namespace redactor::metrics {
namespace {

lazy_child<counter> status_child(engine_metrics& m, const std::string& handler,
                                 processing_status s) {
  return {m.processed, {handler, label(s)}};
}

} // namespace

handler_meter::handler_meter(engine_metrics& m, std::string handler)
    : m_(m), handler_(std::move(handler)),
      received_(m.received.with({handler_})),
      size_(m.received_size.with({handler_})),
      in_process_(m.in_process.with({handler_})),
      processed_{status_child(m, handler_, processing_status::acked),
                 status_child(m, handler_, processing_status::nacked),
                 status_child(m, handler_, processing_status::rejected),
                 status_child(m, handler_, processing_status::skipped),
                 status_child(m, handler_, processing_status::error)},
      duration_(m.processed_duration.with({handler_})) {
  // nop
}

void handler_meter::exception(const std::string& type) {
  m_.processed_exceptions.with({handler_, type}).add();
}

subscription_meter::subscription_meter(engine_metrics& m, std::string name,
                                       bool per_channel)
    : m_(m), fixed_(per_channel
                        ? nullptr
                        : std::make_unique<handler_meter>(m, std::move(name))) {
  // nop
}

handler_meter& subscription_meter::for_channel(const std::string& channel) {
  if (fixed_)
    return *fixed_;
  std::lock_guard<std::mutex> guard{mtx_};
  auto& slot = channels_[channel];
  if (!slot)
    slot = std::make_unique<handler_meter>(m_, channel);
  return *slot;
}

} // namespace redactor::metrics
