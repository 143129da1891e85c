// SPDX-License-Identifier: MIT
#include "redactor/connection_options.hpp"

#include <charconv>
#include <tuple>
#include <utility>

#include "detail/host_port.hpp"
#include "redactor/error.hpp"

namespace redactor {
namespace {

/// The URL as errors show it: whatever sits between the user name and the
/// last '@' is a password, even when the rest of the URL is malformed.
std::string masked(std::string_view url) {
  auto scheme_end = url.find("://");
  auto at = url.rfind('@');
  if (scheme_end == std::string_view::npos || at == std::string_view::npos ||
      at < scheme_end)
    return std::string{url};
  auto creds_begin = scheme_end + 3;
  auto colon = url.substr(creds_begin, at - creds_begin).find(':');
  if (colon == std::string_view::npos)
    return std::string{url};
  return std::string{url.substr(0, creds_begin + colon + 1)} + "***" +
         std::string{url.substr(at)};
}

[[noreturn]] void fail(std::string_view url, const std::string& why) {
  throw error{make_error(errc::invalid_argument,
                         "Redis URL '" + masked(url) + "': " + why)};
}

template <class Int>
Int parse_number(std::string_view url, std::string_view text, Int max,
                 const char* what, int base = 10) {
  Int value{};
  auto res =
      std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || res.ec != std::errc{} ||
      res.ptr != text.data() + text.size() || value > max)
    fail(url, std::string{"bad "} + what + " '" + std::string{text} + "'");
  return value;
}

/// Decodes the user name or password; errors name the part, never its text.
std::string percent_decode(std::string_view url, std::string_view text,
                           const char* part) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    unsigned byte = 0;
    auto digits = text.substr(i + 1, 2);
    auto res =
        std::from_chars(digits.data(), digits.data() + digits.size(), byte, 16);
    if (digits.size() != 2 || res.ec != std::errc{} ||
        res.ptr != digits.data() + 2)
      fail(url, std::string{"bad percent escape in the "} + part);
    out.push_back(static_cast<char>(byte));
    i += 2;
  }
  return out;
}

/// Reads "db=N" from a query string; other keys are refused so that typos
/// do not pass silently.
int parse_query_db(std::string_view url, std::string_view query) {
  int db = 0;
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    if (pair.substr(0, 3) != "db=")
      fail(url, "unknown query option '" + std::string{pair} + "'");
    db = parse_number<int>(url, pair.substr(3), 1 << 20, "database index");
  }
  return db;
}

/// Parses `host[:port]` (IPv6 hosts in brackets).
std::pair<std::string, std::uint16_t>
parse_host_port(std::string_view url, std::string_view text,
                std::uint16_t default_port) {
  std::string_view host = text;
  std::string_view after_host;
  if (!text.empty() && text[0] == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos)
      fail(url, "unterminated IPv6 address");
    host = text.substr(1, close - 1);
    after_host = text.substr(close + 1);
  } else if (auto colon = text.find(':'); colon != std::string_view::npos) {
    host = text.substr(0, colon);
    after_host = text.substr(colon);
  }
  if (host.empty())
    fail(url, "no host");
  auto port = default_port;
  if (!after_host.empty()) {
    if (after_host[0] != ':')
      fail(url, "junk after the host");
    port =
        parse_number<std::uint16_t>(url, after_host.substr(1), 65535, "port");
  }
  return {std::string{host}, port};
}

enum class topology { single, sentinel, cluster };

struct scheme {
  std::string_view prefix;
  bool tls;
  topology kind;
};

constexpr scheme schemes[] = {
    {"redis://", false, topology::single},
    {"rediss://", true, topology::single},
    {"redis-sentinel://", false, topology::sentinel},
    {"rediss-sentinel://", true, topology::sentinel},
    {"redis-cluster://", false, topology::cluster},
    {"rediss-cluster://", true, topology::cluster},
};

/// Calls `add(host, port)` for each of a comma-separated list of nodes.
template <class Add>
void parse_nodes(std::string_view url, std::string_view text,
                 std::uint16_t default_port, Add add) {
  while (true) {
    auto comma = text.find(',');
    auto [host, port] =
        parse_host_port(url, text.substr(0, comma), default_port);
    add(std::move(host), port);
    if (comma == std::string_view::npos)
      return;
    text = text.substr(comma + 1);
  }
}

} // namespace

connection_options connection_options::from_url(std::string_view url) {
  connection_options out;
  constexpr std::string_view unix_scheme = "unix://";
  if (url.substr(0, unix_scheme.size()) == unix_scheme) {
    auto rest = url.substr(unix_scheme.size());
    auto q = rest.find('?');
    out.unix_path = std::string{rest.substr(0, q)};
    if (out.unix_path.empty() || out.unix_path[0] != '/')
      fail(url, "unix socket path must be absolute");
    if (q != std::string_view::npos)
      out.db = parse_query_db(url, rest.substr(q + 1));
    return out;
  }
  const scheme* kind = nullptr;
  for (auto& candidate : schemes)
    if (url.substr(0, candidate.prefix.size()) == candidate.prefix)
      kind = &candidate;
  if (kind == nullptr)
    fail(url, "scheme must be redis://, rediss://, redis-sentinel://, "
              "rediss-sentinel://, redis-cluster://, rediss-cluster:// or "
              "unix://");
  out.tls.enabled = kind->tls;
  auto rest = url.substr(kind->prefix.size());
  // Credentials first: a password may hold '/', '?', '#' or '@'.
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    auto creds = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = creds.find(':');
    out.user = percent_decode(url, creds.substr(0, colon), "user name");
    if (colon != std::string_view::npos)
      out.password = percent_decode(url, creds.substr(colon + 1), "password");
  }
  if (auto hash = rest.find('#'); hash != std::string_view::npos) {
    if (kind->kind != topology::sentinel)
      fail(url, "a #master name needs redis-sentinel://");
    out.sentinel.master_name =
        percent_decode(url, rest.substr(hash + 1), "master name");
    rest = rest.substr(0, hash);
  }
  auto q = rest.find('?');
  if (q != std::string_view::npos) {
    out.db = parse_query_db(url, rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  auto slash = rest.find('/');
  if (slash != std::string_view::npos) {
    auto db = rest.substr(slash + 1);
    if (!db.empty())
      out.db = parse_number<int>(url, db, 1 << 20, "database index");
    rest = rest.substr(0, slash);
  }
  switch (kind->kind) {
  case topology::single:
    std::tie(out.host, out.port) = parse_host_port(url, rest, out.port);
    break;
  case topology::sentinel:
    if (out.sentinel.master_name.empty())
      fail(url, "no master name: end the URL with #<name>");
    parse_nodes(url, rest, sentinel_options::node{}.port,
                [&](std::string host, std::uint16_t port) {
                  out.sentinel.nodes.push_back({std::move(host), port});
                });
    break;
  case topology::cluster:
    if (out.db != 0)
      fail(url, "Redis Cluster has only database 0");
    parse_nodes(url, rest, cluster_options::node{}.port,
                [&](std::string host, std::uint16_t port) {
                  out.cluster.seeds.push_back({std::move(host), port});
                });
    break;
  }
  return out;
}

std::string connection_options::display_url() const {
  std::string creds;
  if (!user.empty() || !password.empty())
    creds = user + (password.empty() ? "" : ":***") + "@";
  if (!unix_path.empty())
    return "unix://" + unix_path + (db ? "?db=" + std::to_string(db) : "");
  std::string nodes;
  for (auto& n : sentinel.nodes)
    nodes += (nodes.empty() ? "" : ",") + detail::host_port(n.host, n.port);
  for (auto& n : cluster.seeds)
    nodes += (nodes.empty() ? "" : ",") + detail::host_port(n.host, n.port);
  if (cluster.enabled())
    return (tls.enabled ? "rediss-cluster://" : "redis-cluster://") + creds +
           nodes;
  if (sentinel.enabled())
    return (tls.enabled ? "rediss-sentinel://" : "redis-sentinel://") + creds +
           nodes + (db ? "/" + std::to_string(db) : "") + "#" +
           sentinel.master_name;
  return (tls.enabled ? "rediss://" : "redis://") + creds +
         detail::host_port(host, port) + (db ? "/" + std::to_string(db) : "");
}

} // namespace redactor
