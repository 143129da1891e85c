// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace redactor::redis {

/// The timeout argument of a blocking list command (BLPOP, BLMPOP): seconds,
/// to the millisecond ("0.100").
inline std::string timeout_arg(std::chrono::milliseconds timeout) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", timeout.count() / 1e3);
  return buf;
}

} // namespace redactor::redis
