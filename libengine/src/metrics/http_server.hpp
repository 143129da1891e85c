// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace redactor::redis {
class io_loop;
}

namespace redactor::metrics {

struct http_page {
  int status = 200;
  std::string content_type;
  std::string body;
};

/// The smallest HTTP/1.1 server scrapers and probes need, on the engine's
/// I/O loop: GET and HEAD of fixed paths (a query string is ignored), one
/// request per connection, answered in full and closed. Its sockets live on
/// the loop like every other socket of the engine, so it adds no thread.
///
/// A client gets `request_timeout` from connecting to send its request
/// head (at most 8 KiB) and read the answer. At most 64 clients are held at
/// once; a new one past that closes the one connected longest ago, so idle
/// or slow clients can neither starve a liveness probe nor pile up. Pages
/// are made on the loop thread: they must be quick and must not wait for
/// the engine.
class http_server {
 public:
  using page_source = std::function<http_page()>;

  /// Listens on "HOST:PORT": an IPv4 address, an IPv6 address in brackets
  /// ("[::1]:9100"), a host name, or ":PORT" for every IPv4 interface; port
  /// 0 takes any free one. Throws redactor::error (errc::invalid_argument)
  /// for a malformed address or one it cannot listen on, saying which and
  /// why. Callable from any thread but the loop's.
  http_server(redis::io_loop& loop, const std::string& listen,
              std::map<std::string, page_source> pages,
              std::chrono::milliseconds request_timeout =
                  std::chrono::milliseconds{2000});
  /// Closes the listener and every connection on the loop, and waits for
  /// it; no page source runs afterwards.
  ~http_server();

  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  /// HOST:PORT as bound (IPv6 hosts in brackets).
  const std::string& address() const noexcept { return address_; }

 private:
  class listener;

  redis::io_loop& loop_;
  std::string address_;
  std::unique_ptr<listener> listener_;
};

} // namespace redactor::metrics
