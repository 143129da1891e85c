// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace redactor::test {

struct http_response {
  /// 0 when nothing could be read.
  int status = 0;
  std::string body;
};

/// A plain HTTP/1.0 GET of `path` from "HOST:PORT" (IPv6 hosts in
/// brackets), for checking the metrics endpoint the way a scraper does;
/// gives up (status 0) when no answer comes within 10 s.
http_response http_get(const std::string& address, const std::string& path);

/// A TCP connection to "HOST:PORT" (an IP address; IPv6 in brackets), or
/// -1.
int tcp_connect(const std::string& address);

} // namespace redactor::test
