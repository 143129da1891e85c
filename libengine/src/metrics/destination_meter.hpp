// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "metrics/engine_metrics.hpp"

namespace redactor::metrics {

/// The publish-side children for one `destination` label value; kept by
/// publishers so that publishing takes no lock.
class destination_meter {
 public:
  destination_meter(engine_metrics& m, std::string destination);

  /// `n` messages left in one command that took `seconds`; `error` names
  /// why it failed (empty: it succeeded).
  void published(std::size_t n, double seconds, const std::string& error);

  /// Round trips of requests to this destination.
  histogram& rpc_duration() { return rpc_.get(); }

 private:
  engine_metrics& m_;
  std::string destination_;
  lazy_child<counter> success_;
  lazy_child<counter> error_;
  histogram& duration_;
  lazy_child<histogram> rpc_;
};

} // namespace redactor::metrics
