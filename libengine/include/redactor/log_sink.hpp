// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string_view>

namespace redactor {

enum class log_level { debug, info, warning, error };

/// Receives the engine's log lines. Called from engine threads, possibly
/// several at once, so it must be thread-safe; it should not block.
using log_sink = std::function<void(log_level, std::string_view line)>;

/// Writes lines at `min_level` and above to stderr.
log_sink stderr_log(log_level min_level = log_level::info);

} // namespace redactor
