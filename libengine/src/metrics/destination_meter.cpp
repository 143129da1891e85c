// SPDX-License-Identifier: MIT
#include "metrics/destination_meter.hpp"

namespace redactor::metrics {

destination_meter::destination_meter(engine_metrics& m, std::string destination)
    : m_(m), destination_(std::move(destination)),
      success_(m.published, {destination_, "success"}),
      error_(m.published, {destination_, "error"}),
      duration_(m.published_duration.with({destination_})),
      rpc_(m.rpc_duration, {destination_}) {
  // nop
}

void destination_meter::published(std::size_t n, double seconds,
                                  const std::string& error) {
  duration_.observe(seconds);
  if (error.empty()) {
    success_.get().add(n);
    return;
  }
  error_.get().add(n);
  m_.published_exceptions.with({destination_, error}).add(n);
}

} // namespace redactor::metrics
