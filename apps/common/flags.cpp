// SPDX-License-Identifier: MIT
#include "common/flags.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <vector>

#include <redactor/error.hpp>
#include <redactor/version.hpp>

namespace apps {
namespace {

/// The first line of `path`.
std::string read_password(const std::string& path) {
  std::ifstream in{path};
  std::string password;
  if (!in || !std::getline(in, password))
    throw redactor::error{
        redactor::make_error(redactor::errc::invalid_argument,
                             "cannot read a password from '" + path + "'")};
  if (!password.empty() && password.back() == '\r')
    password.pop_back();
  return password;
}

/// Levenshtein distance between `a` and `b`.
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    auto diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      auto above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// The subcommand the parse went deepest into.
const CLI::App& deepest(const CLI::App& app) {
  auto parsed = app.get_subcommands();
  return parsed.empty() ? app : deepest(*parsed.front());
}

/// "did you mean ..." for the first word the parse could not place that
/// resembles a flag or subcommand of where it stopped; empty otherwise.
std::string suggestion(const CLI::App& app) {
  auto& at = deepest(app);
  std::vector<std::string> known;
  for (const auto* opt : at.get_options())
    for (const auto& name : opt->get_lnames())
      known.push_back("--" + name);
  if (at.get_subcommands().empty())
    for (const auto* sub :
         at.get_subcommands([](const CLI::App*) { return true; }))
      known.push_back(sub->get_name());
  for (const auto& arg : app.remaining(true)) {
    auto word = arg.substr(0, arg.find('='));
    const std::string* best = nullptr;
    auto best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& candidate : known) {
      auto d = candidate.rfind(word, 0) == 0 ? 0 : distance(word, candidate);
      if (d < best_distance) {
        best = &candidate;
        best_distance = d;
      }
    }
    if (best)
      return "'" + word + "': did you mean '" + *best + "'?";
  }
  return {};
}

} // namespace

redactor::connection_options redis_flags::connection() const {
  auto options = redactor::connection_options::from_url(url);
  auto enabled = options.tls.enabled || tls.enabled;
  options.tls = tls;
  options.tls.enabled = enabled;
  options.tls.verify_peer = !insecure;
  if (!password_file.empty())
    options.password = read_password(password_file);
  options.sentinel.user = sentinel_user;
  if (!sentinel_password_file.empty())
    options.sentinel.password = read_password(sentinel_password_file);
  return options;
}

void add_redis_flags(CLI::App& app, redis_flags& flags) {
  app.add_option("--url", flags.url, "Redis URL")
      ->envname("REDIS_URL")
      ->capture_default_str();
  app.add_option("--password-file", flags.password_file,
                 "read the Redis password from the first line of this file "
                 "(overrides the URL's)");
  app.add_option("--sentinel-user", flags.sentinel_user,
                 "ACL user for the Sentinels (redis-sentinel:// URLs)");
  app.add_option("--sentinel-password-file", flags.sentinel_password_file,
                 "read the Sentinels' password from the first line of this "
                 "file");
  app.add_flag("--tls", flags.tls.enabled, "TLS, as a rediss:// URL does");
  app.add_option("--cacert", flags.tls.ca_file,
                 "trusted CA certificates (PEM); default: the system's");
  app.add_option("--cacertdir", flags.tls.ca_dir,
                 "directory of trusted CA certificates");
  app.add_option("--cert", flags.tls.cert_file,
                 "client certificate (PEM), for servers that require one");
  app.add_option("--key", flags.tls.key_file, "the client certificate's key");
  app.add_option("--sni", flags.tls.server_name,
                 "the name the server's certificate must carry; default: "
                 "the URL's host");
  app.add_flag("--insecure", flags.insecure,
               "do not verify the server's certificate (testing only)");
}

std::optional<int> parse_flags(CLI::App& app, int argc, char** argv) {
  app.set_version_flag("--version",
                       app.get_name() + " " + redactor::version_string);
  try {
    app.parse(argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    if (app.exit(e) == 0)
      return 0;
    if (auto hint = suggestion(app); !hint.empty())
      std::cerr << hint << "\n";
    return 2;
  }
}

} // namespace apps
