// SPDX-License-Identifier: MIT
#pragma once

#include <future>
#include <optional>

#include "redactor/error.hpp"

namespace redactor::redis {

/// Turns the first state a connection reports into what start() waits for:
/// nullopt once ready, or the error that kept it from getting there. Later
/// reports are the caller's to log. Used from the I/O thread only.
class start_signal {
 public:
  using outcome = std::optional<error_info>;

  std::future<outcome> get_future() { return promise_.get_future(); }

  /// Records the first report; false for every later one.
  bool first(bool ready, const error_info* why) {
    if (told_)
      return false;
    told_ = true;
    promise_.set_value(ready ? std::nullopt : outcome{*why});
    return true;
  }

 private:
  std::promise<outcome> promise_;
  bool told_ = false;
};

} // namespace redactor::redis
