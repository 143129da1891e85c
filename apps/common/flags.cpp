// SPDX-License-Identifier: MIT
#include "common/flags.hpp"

#include <fstream>

#include <redactor/error.hpp>
#include <redactor/version.hpp>

namespace apps {

redactor::connection_options redis_flags::connection() const {
  auto options = redactor::connection_options::from_url(url);
  if (password_file.empty())
    return options;
  std::ifstream in{password_file};
  std::string password;
  if (!in || !std::getline(in, password))
    throw redactor::error{redactor::make_error(redactor::errc::invalid_argument,
                                               "cannot read a password from '" +
                                                   password_file + "'")};
  if (!password.empty() && password.back() == '\r')
    password.pop_back();
  options.password = password;
  return options;
}

void add_redis_flags(CLI::App& app, redis_flags& flags) {
  app.add_option("--url", flags.url, "Redis URL")
      ->envname("REDIS_URL")
      ->capture_default_str();
  app.add_option("--password-file", flags.password_file,
                 "read the Redis password from the first line of this file "
                 "(overrides the URL's)");
}

std::optional<int> parse_flags(CLI::App& app, int argc, char** argv) {
  app.set_version_flag("--version", app.get_name() + " " +
                                        redactor::version_string);
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
}

} // namespace apps
