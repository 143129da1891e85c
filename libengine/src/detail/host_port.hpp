// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace redactor::detail {

/// "host:port" as URLs and logs write it: IPv6 hosts in brackets.
inline std::string host_port(const std::string& host, std::uint16_t port) {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

} // namespace redactor::detail
