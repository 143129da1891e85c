// SPDX-License-Identifier: MIT
#pragma once

#include <mutex>
#include <string>

#include "redactor/error.hpp"

namespace redactor::redis {

/// Whether a reader reads, and if not, why, as its on_state reports it:
/// written on the loop thread, read by health checks on any thread.
class reader_status {
 public:
  /// Records a report; true when it changed whether the reader reads.
  bool set(bool reading, const error_info* why) {
    std::lock_guard<std::mutex> guard{mtx_};
    why_ = reading || !why ? std::string{} : why->message();
    bool changed = reading_ != reading;
    reading_ = reading;
    return changed;
  }

  bool reading() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return reading_;
  }

  /// Empty while reading; otherwise "not reading", with the reason when
  /// one was reported.
  std::string problem() const {
    std::lock_guard<std::mutex> guard{mtx_};
    if (reading_)
      return {};
    return why_.empty() ? "not reading" : "not reading (" + why_ + ")";
  }

 private:
  mutable std::mutex mtx_;
  bool reading_ = false;
  std::string why_;
};

} // namespace redactor::redis
