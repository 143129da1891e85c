// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace apps {

/// Where the programs find Redis unless told.
inline constexpr const char* default_url = "redis://127.0.0.1:6379";

/// Adds --url (shown with its default) to `app`.
void add_url_option(CLI::App& app, std::string& url);

/// Parses the command line. nullopt: go on; otherwise exit with the value:
/// 0 after --help, 2 (usage) for bad flags, once CLI11 has printed why.
std::optional<int> parse_flags(CLI::App& app, int argc, char** argv);

} // namespace apps
