// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include <redactor/connection_options.hpp>

namespace apps {

/// Where the programs find Redis unless told.
inline constexpr const char* default_url = "redis://127.0.0.1:6379";

/// Where Redis is and how to log in: --url (else $REDIS_URL, else the
/// default) and --password-file, so that secrets need not sit in argv,
/// where every local user can read them.
struct redis_flags {
  std::string url = default_url;
  std::string password_file;
  /// The Sentinels' own AUTH (redis-sentinel:// URLs).
  std::string sentinel_user;
  std::string sentinel_password_file;
  /// TLS, named as redis-cli names them; rediss:// URLs turn TLS on too.
  redactor::tls_options tls;
  bool insecure = false;

  /// The connection the flags describe; throws redactor::error when the URL
  /// is malformed or the password file unreadable.
  redactor::connection_options connection() const;
};

/// Adds --url, --password-file, the Sentinel flags (--sentinel-user,
/// --sentinel-password-file) and the TLS flags (--tls, --cacert,
/// --cacertdir, --cert, --key, --sni, --insecure) to `app`.
void add_redis_flags(CLI::App& app, redis_flags& flags);

/// Adds --version, then parses the command line. nullopt: go on; otherwise
/// exit with the value: 0 after --help or --version, 2 (usage) for bad
/// flags, once CLI11 has printed why.
std::optional<int> parse_flags(CLI::App& app, int argc, char** argv);

} // namespace apps
