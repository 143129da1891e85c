// SPDX-License-Identifier: MIT
#include "redactor/log_sink.hpp"

#include <cstdio>
#include <string>

namespace redactor {

log_sink stderr_log(log_level min_level) {
  return [min_level](log_level level, std::string_view line) {
    if (level < min_level)
      return;
    static constexpr const char* names[] = {"debug", "info", "warning",
                                            "error"};
    // One fputs per line keeps concurrent lines whole.
    std::string out = "redactor ";
    out += names[static_cast<int>(level)];
    out += ": ";
    out += line;
    out += '\n';
    std::fputs(out.c_str(), stderr);
  };
}

} // namespace redactor
