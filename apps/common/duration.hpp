// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include <CLI/CLI.hpp>

namespace apps {

/// "2s", "500ms", "1.5s", "2m", or a bare number of seconds; nullopt for
/// anything else, or a negative or absurdly long duration.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

/// A CLI11 check that the option parses as a duration.
CLI::Validator duration_validator();

} // namespace apps
