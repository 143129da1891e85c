// SPDX-License-Identifier: MIT
#include "metrics/handler_hooks.hpp"

namespace redactor::metrics {

void handler_hooks::before_handle(const message& m) {
  meter_->for_channel(m.channel()).in_process().add(1);
}

void handler_hooks::after_handle(const message& m, const handling_outcome& o) {
  auto& meter = meter_->for_channel(m.channel());
  if (o.batch_index == 0) {
    meter.duration().observe(std::chrono::duration<double>(o.duration).count());
    if (!o.failure_type.empty())
      meter.exception(o.failure_type);
  }
  meter.in_process().add(-1);
}

} // namespace redactor::metrics
