// SPDX-License-Identifier: MIT
#include "common/duration.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

namespace apps {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::string s{text};
  char* end = nullptr;
  double number = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || !std::isfinite(number) || number < 0)
    return std::nullopt;
  std::string_view unit{end};
  double ms_per_unit = 0;
  if (unit.empty() || unit == "s")
    ms_per_unit = 1000;
  else if (unit == "ms")
    ms_per_unit = 1;
  else if (unit == "m")
    ms_per_unit = 60000;
  else if (unit == "h")
    ms_per_unit = 3600000;
  else
    return std::nullopt;
  double ms = number * ms_per_unit;
  if (ms > 1e12) // ~31 years: surely a typo
    return std::nullopt;
  return std::chrono::milliseconds{static_cast<long long>(std::llround(ms))};
}

CLI::Validator duration_validator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        return parse_duration(value)
                   ? std::string{}
                   : "'" + value + "' is not a duration (2s, 500ms, 1.5s, 1m)";
      },
      "DURATION");
}

} // namespace apps
