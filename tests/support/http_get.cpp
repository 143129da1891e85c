// SPDX-License-Identifier: MIT
#include "support/http_get.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdlib>

namespace redactor::test {

int tcp_connect(const std::string& address) {
  auto colon = address.rfind(':');
  auto host = address.substr(0, colon);
  if (host.size() > 2 && host.front() == '[')
    host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), address.substr(colon + 1).c_str(), &hints,
                    &found) != 0)
    return -1;
  int fd = ::socket(found->ai_family, SOCK_STREAM, 0);
  if (fd >= 0 && ::connect(fd, found->ai_addr, found->ai_addrlen) != 0) {
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(found);
  return fd;
}

http_response http_get(const std::string& address, const std::string& path) {
  int fd = tcp_connect(address);
  if (fd < 0)
    return {};
  timeval patience{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  http_response out;
  auto request = "GET " + path + " HTTP/1.0\r\nHost: " + address + "\r\n\r\n";
  if (::send(fd, request.data(), request.size(), 0) ==
      static_cast<ssize_t>(request.size())) {
    std::string raw;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
      raw.append(buf, static_cast<std::size_t>(n));
    auto space = raw.find(' ');
    auto body = raw.find("\r\n\r\n");
    if (space != std::string::npos && body != std::string::npos) {
      out.status = std::atoi(raw.c_str() + space + 1);
      out.body = raw.substr(body + 4);
    }
  }
  ::close(fd);
  return out;
}

} // namespace redactor::test
