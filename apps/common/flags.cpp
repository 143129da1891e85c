// SPDX-License-Identifier: MIT
#include "common/flags.hpp"

namespace apps {

void add_url_option(CLI::App& app, std::string& url) {
  url = default_url;
  app.add_option("--url", url, "Redis URL")->capture_default_str();
}

std::optional<int> parse_flags(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
}

} // namespace apps
