// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <tuple>

#include "detail/host_port.hpp"

namespace redactor::redis {

/// A server's address.
struct address {
  std::string host;
  std::uint16_t port = 0;

  /// "host:port", IPv6 hosts in brackets.
  std::string text() const { return detail::host_port(host, port); }

  friend bool operator==(const address& a, const address& b) {
    return a.port == b.port && a.host == b.host;
  }
  friend bool operator!=(const address& a, const address& b) {
    return !(a == b);
  }
  friend bool operator<(const address& a, const address& b) {
    return std::tie(a.host, a.port) < std::tie(b.host, b.port);
  }
};

} // namespace redactor::redis
