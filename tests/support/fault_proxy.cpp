// SPDX-License-Identifier: MIT
#include "support/fault_proxy.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace redactor::test {
namespace {

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

void reset_and_close(int fd) {
  linger abort{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
  ::close(fd);
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    auto n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0)
      return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

struct link {
  int client;
  int server;
};

} // namespace

fault_proxy::fault_proxy(int target_port) : target_port_(target_port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  auto addr = loopback(0);
  socklen_t len = sizeof addr;
  if (listener_ < 0 ||
      ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 64) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("fault_proxy: cannot listen");
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread{[this] { run(); }};
}

fault_proxy::~fault_proxy() {
  stopping_ = true;
  thread_.join();
  ::close(listener_);
}

std::string fault_proxy::url() const {
  return "redis://127.0.0.1:" + std::to_string(port_);
}

void fault_proxy::run() {
  std::vector<link> links;
  auto drop_all = [&] {
    for (auto& l : links) {
      reset_and_close(l.client);
      reset_and_close(l.server);
    }
    links.clear();
  };
  char buf[16384];
  while (!stopping_) {
    if (cut_requested_.exchange(false))
      drop_all();
    std::vector<pollfd> fds{{listener_, POLLIN, 0}};
    for (auto& l : links) {
      fds.push_back({l.client, POLLIN, 0});
      fds.push_back({l.server, POLLIN, 0});
    }
    if (::poll(fds.data(), fds.size(), 10) <= 0)
      continue;
    if (fds[0].revents & POLLIN) {
      int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      auto addr = loopback(target_port_);
      if (client >= 0 && server >= 0 &&
          ::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) ==
              0) {
        links.push_back({client, server});
      } else {
        if (client >= 0)
          reset_and_close(client);
        if (server >= 0)
          ::close(server);
      }
    }
    std::vector<std::size_t> broken;
    for (std::size_t i = 0; i + 1 < fds.size(); ++i) {
      if (!(fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      auto& l = links[i / 2];
      bool from_client = i % 2 == 0;
      auto n = ::recv(from_client ? l.client : l.server, buf, sizeof buf, 0);
      bool ok = n > 0;
      if (ok && !from_client && dropping_)
        dropped_lines_ +=
            static_cast<std::size_t>(std::count(buf, buf + n, '\n'));
      else if (ok)
        ok = write_all(from_client ? l.server : l.client, buf,
                       static_cast<std::size_t>(n));
      if (!ok)
        broken.push_back(i / 2);
    }
    std::sort(broken.begin(), broken.end());
    broken.erase(std::unique(broken.begin(), broken.end()), broken.end());
    for (auto i = broken.rbegin(); i != broken.rend(); ++i) {
      reset_and_close(links[*i].client);
      reset_and_close(links[*i].server);
      links.erase(links.begin() + static_cast<std::ptrdiff_t>(*i));
    }
  }
  drop_all();
}

} // namespace redactor::test
