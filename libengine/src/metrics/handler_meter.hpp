// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "metrics/engine_metrics.hpp"
#include "metrics/processing_status.hpp"

namespace redactor::metrics {

/// The received-side children for one `handler` label value.
class handler_meter {
 public:
  handler_meter(engine_metrics& m, std::string handler);

  /// `n` messages (a batch's items) of `bytes` body bytes in all were read.
  void received(std::size_t n, std::size_t bytes) {
    received_.add(n);
    size_.observe(static_cast<double>(bytes));
  }
  void processed(processing_status s, std::size_t n = 1) {
    processed_[static_cast<std::size_t>(s)].get().add(n);
  }
  gauge& in_process() noexcept { return in_process_; }
  histogram& duration() noexcept { return duration_; }
  /// A handler threw `type`; looked up per call, as types are not known
  /// ahead (failures only).
  void exception(const std::string& type);

 private:
  engine_metrics& m_;
  std::string handler_;
  counter& received_;
  histogram& size_;
  gauge& in_process_;
  std::array<lazy_child<counter>, processing_status_count> processed_;
  histogram& duration_;
};

/// A subscription's handler meters: one fixed, or, for pattern channels
/// (whose `handler` label is the channel each message came on, as in
/// FastStream), one per channel, looked up per message.
class subscription_meter {
 public:
  subscription_meter(engine_metrics& m, std::string name, bool per_channel);

  handler_meter& for_channel(const std::string& channel);

 private:
  engine_metrics& m_;
  /// Null for pattern channels.
  std::unique_ptr<handler_meter> fixed_;
  std::mutex mtx_;
  std::unordered_map<std::string, std::unique_ptr<handler_meter>> channels_;
};

} // namespace redactor::metrics
