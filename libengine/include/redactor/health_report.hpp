// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace redactor {

/// Whether a broker is doing its work: running, its command connection and
/// RPC inbox up, and every subscription connected and reading.
struct health_report {
  bool healthy = false;
  /// Why not, in a few words ("list jobs: not reading"); "ok" when healthy.
  std::string reason;
};

} // namespace redactor
