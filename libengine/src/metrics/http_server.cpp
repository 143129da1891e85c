// SPDX-License-Identifier: MIT
#include "metrics/http_server.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include "detail/host_port.hpp"
#include "redactor/error.hpp"
#include "redis/io_loop.hpp"

namespace redactor::metrics {
namespace {

constexpr std::size_t max_request_head = 8192;
constexpr std::size_t max_clients = 64;
/// How long the listener rests when accepting fails for want of
/// descriptors or memory, instead of being woken every turn.
constexpr std::chrono::milliseconds accept_pause{100};

error cannot_listen(const std::string& listen, const std::string& why) {
  return error{
      make_error(errc::invalid_argument,
                 "metrics: cannot listen on \"" + listen + "\": " + why)};
}

const char* reason_phrase(int status) {
  switch (status) {
  case 200:
    return "OK";
  case 400:
    return "Bad Request";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 431:
    return "Request Header Fields Too Large";
  case 503:
    return "Service Unavailable";
  default:
    return "Internal Server Error";
  }
}

http_page plain(int status, std::string text) {
  return {status, "text/plain; charset=utf-8", std::move(text) + "\n"};
}

/// A listening socket for HOST:PORT, bound to the first address the host
/// resolves to that takes it.
int open_listening_socket(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size())
    throw cannot_listen(listen, "expected HOST:PORT, such as 127.0.0.1:9100, "
                                ":9100 or [::1]:9100");
  auto host = colon == 0 ? std::string{"0.0.0.0"} : listen.substr(0, colon);
  auto port = listen.substr(colon + 1);
  if (port.find_first_not_of("0123456789") != std::string::npos ||
      port.size() > 5 || std::stoul(port) > 65535)
    throw cannot_listen(listen, "the port must be a number from 0 to 65535");
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    hints.ai_family = AF_INET6;
    hints.ai_flags |= AI_NUMERICHOST;
  }
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found))
    throw cannot_listen(listen, ::gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses{
      found, ::freeaddrinfo};
  int why = 0;
  for (auto* a = found; a; a = a->ai_next) {
    int fd = ::socket(a->ai_family,
                      a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      why = errno;
      continue;
    }
    int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 64) == 0)
      return fd;
    why = errno;
    ::close(fd);
  }
  throw cannot_listen(listen, std::strerror(why));
}

std::string bound_address(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  char host[NI_MAXHOST] = "";
  char port[NI_MAXSERV] = "";
  ::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host,
                port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV);
  return detail::host_port(host, static_cast<std::uint16_t>(std::stoul(port)));
}

} // namespace

// -- the listener and its clients
// ------------------------------------------------

class http_server::listener final : public redis::io_handler {
 public:
  listener(redis::io_loop& loop, int fd,
           std::map<std::string, page_source> pages,
           std::chrono::milliseconds request_timeout)
      : loop_(loop), fd_(fd), pages_(std::move(pages)),
        request_timeout_(request_timeout) {
    loop_.watch(fd_, this, true, false);
  }

  ~listener() override {
    clients_.clear();
    loop_.cancel_timer(pause_);
    loop_.unwatch(fd_);
    ::close(fd_);
  }

  void on_readable() override;
  void on_writable() override {
    // The listener never asks to write.
  }

 private:
  class client;

  http_page answer(const std::string& head, bool& head_only) const;
  void drop(int fd) { clients_.erase(fd); }
  /// Makes room for a new client: the oldest has had the longest to ask.
  void drop_longest_waiting();

  redis::io_loop& loop_;
  int fd_;
  std::map<std::string, page_source> pages_;
  std::chrono::milliseconds request_timeout_;
  redis::io_loop::timer_id pause_ = 0;
  std::uint64_t accepted_ = 0;
  std::map<int, std::unique_ptr<client>> clients_;
};

/// Reads the request head, writes the answer, then reads (and discards)
/// until the peer closes: closing with unread input would reset the
/// connection and could take the answer with it.
class http_server::listener::client final : public redis::io_handler {
 public:
  client(listener& owner, int fd, std::uint64_t accepted)
      : owner_(owner), fd_(fd), accepted_(accepted) {
    owner_.loop_.watch(fd_, this, true, false);
    deadline_ = owner_.loop_.add_timer(owner_.request_timeout_,
                                       [this] { owner_.drop(fd_); });
  }

  ~client() override {
    owner_.loop_.cancel_timer(deadline_);
    owner_.loop_.unwatch(fd_);
    ::close(fd_);
  }

  // Each returns right after drop(): it destroys this client.
  void on_readable() override {
    char buf[4096];
    for (;;) {
      auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0 && answered_ && sent_ < out_.size()) {
        // Half-closed with the answer still going out: finish writing.
        owner_.loop_.watch(fd_, this, false, true);
        return;
      }
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        return owner_.drop(fd_);
      if (n < 0)
        return;
      if (answered_)
        continue;
      in_.append(buf, static_cast<std::size_t>(n));
      auto end = in_.find("\r\n\r\n");
      if (end == std::string::npos && in_.size() <= max_request_head)
        continue;
      bool head_only = false;
      auto page = end == std::string::npos || end > max_request_head
                      ? plain(431, "request head over 8 KiB")
                      : owner_.answer(in_.substr(0, end), head_only);
      respond(page, head_only);
      if (!flush())
        return owner_.drop(fd_);
    }
  }

  void on_writable() override {
    // Nothing to write yet: an event meant for a closed socket whose fd
    // number this client got.
    if (!answered_)
      return;
    if (!flush())
      owner_.drop(fd_);
  }

  std::uint64_t accepted() const noexcept { return accepted_; }

 private:
  void respond(const http_page& page, bool head_only) {
    answered_ = true;
    in_.clear();
    out_ = "HTTP/1.1 " + std::to_string(page.status) + " " +
           reason_phrase(page.status) +
           "\r\nContent-Type: " + page.content_type +
           "\r\nContent-Length: " + std::to_string(page.body.size()) +
           (page.status == 405 ? "\r\nAllow: GET, HEAD" : "") +
           "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if (!head_only)
      out_ += page.body;
  }

  /// Writes what the socket takes; false once the connection is done with.
  bool flush() {
    while (sent_ < out_.size()) {
      auto n =
          ::send(fd_, out_.data() + sent_, out_.size() - sent_, MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        owner_.loop_.watch(fd_, this, true, true);
        return true;
      }
      if (n < 0)
        return false;
      sent_ += static_cast<std::size_t>(n);
    }
    owner_.loop_.watch(fd_, this, true, false);
    ::shutdown(fd_, SHUT_WR);
    return true;
  }

  listener& owner_;
  int fd_;
  std::uint64_t accepted_;
  redis::io_loop::timer_id deadline_ = 0;
  bool answered_ = false;
  std::string in_;
  std::string out_;
  std::size_t sent_ = 0;
};

void http_server::listener::drop_longest_waiting() {
  auto oldest =
      std::min_element(clients_.begin(), clients_.end(), [](auto& a, auto& b) {
        return a.second->accepted() < b.second->accepted();
      });
  clients_.erase(oldest);
}

void http_server::listener::on_readable() {
  for (;;) {
    int fd = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        // Out of descriptors or memory: the pending connection would wake
        // the loop every turn.
        loop_.unwatch(fd_);
        pause_ = loop_.add_timer(accept_pause, [this] {
          pause_ = 0;
          loop_.watch(fd_, this, true, false);
        });
      }
      return;
    }
    if (clients_.size() >= max_clients)
      drop_longest_waiting();
    clients_.emplace(fd, std::make_unique<client>(*this, fd, ++accepted_));
  }
}

http_page http_server::listener::answer(const std::string& head,
                                        bool& head_only) const {
  auto line_end = head.find("\r\n");
  auto line = head.substr(0, line_end);
  auto first = line.find(' ');
  auto second = line.find(' ', first == std::string::npos ? first : first + 1);
  if (first == std::string::npos || second == std::string::npos ||
      line.compare(second + 1, 7, "HTTP/1.") != 0)
    return plain(400, "expected a request line such as GET /metrics HTTP/1.1");
  auto method = line.substr(0, first);
  auto target = line.substr(first + 1, second - first - 1);
  target = target.substr(0, target.find('?'));
  if (method != "GET" && method != "HEAD")
    return plain(405, method + " is not served: GET or HEAD");
  head_only = method == "HEAD";
  auto page = pages_.find(target);
  if (page == pages_.end())
    return plain(404, target + " is not served");
  // A page that throws must not take the loop down with it.
  try {
    return page->second();
  } catch (const std::exception& e) {
    return plain(500, e.what());
  }
}

// -- the server
// -----------------------------------------------------------------

http_server::http_server(redis::io_loop& loop, const std::string& listen,
                         std::map<std::string, page_source> pages,
                         std::chrono::milliseconds request_timeout)
    : loop_(loop) {
  int fd = open_listening_socket(listen);
  try {
    address_ = bound_address(fd);
  } catch (const std::exception& e) {
    ::close(fd);
    throw cannot_listen(listen, e.what());
  }
  loop_.call([&] {
    listener_ = std::make_unique<listener>(loop_, fd, std::move(pages),
                                           request_timeout);
  });
}

http_server::~http_server() {
  loop_.call([this] { listener_.reset(); });
}

} // namespace redactor::metrics
