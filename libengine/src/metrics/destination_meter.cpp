// SPDX-License-Identifier: MIT
#include "metrics/destination_meter.hpp"

namespace redactor::metrics {

destination_meter::destination_meter(std::shared_ptr<engine_metrics> m,
                                     std::string destination)
    : m_(std::move(m)), destination_(std::move(destination)),
      success_(m_->published, {destination_, "success"}),
      error_(m_->published, {destination_, "error"}),
      duration_(m_->published_duration.with({destination_})),
      rpc_(m_->rpc_duration, {destination_}) {
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
  m_->published_exceptions.with({destination_, error}).add(n);
}

} // namespace redactor::metrics
