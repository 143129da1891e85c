// SPDX-License-Identifier: MIT
#include "metrics/http_endpoint.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <CivetServer.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "redactor/error.hpp"

namespace redactor::metrics {
namespace {

/// civetweb reports why it could not start through its log callback, which
/// has no user context before the server exists; the constructing thread
/// collects it here.
thread_local std::string* start_errors = nullptr;

int capture_log(const mg_connection*, const char* message) {
  if (start_errors) {
    if (!start_errors->empty())
      *start_errors += "; ";
    *start_errors += message;
  }
  return 1; // handled: nothing on stderr
}

error bad_address(const std::string& listen, const std::string& why) {
  return error{
      make_error(errc::invalid_argument,
                 "metrics: cannot listen on \"" + listen + "\": " + why)};
}

void respond(mg_connection* conn, int status, const char* reason,
             const char* content_type, const std::string& body) {
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
            "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
            status, reason, content_type, body.size());
  mg_write(conn, body.data(), body.size());
}

/// Opens and closes a TCP connection to `address` (HOST:PORT; an "any"
/// address is reached on loopback).
void poke(const std::string& address) {
  auto colon = address.rfind(':');
  auto host = address.substr(0, colon);
  if (host == "0.0.0.0")
    host = "127.0.0.1";
  else if (host == "[::]")
    host = "[::1]";
  bool v6 = !host.empty() && host.front() == '[';
  auto port = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)));
  int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return;
  if (v6) {
    sockaddr_in6 addr{};
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(port);
    if (::inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(),
                    &addr.sin6_addr) == 1)
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  } else {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) == 1)
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  }
  ::close(fd);
}

} // namespace

class http_endpoint::handler : public CivetHandler {
 public:
  explicit handler(std::function<void(mg_connection*)> serve)
      : serve_(std::move(serve)) {
    // nop
  }

  bool handleGet(CivetServer*, mg_connection* conn) override {
    // An exception must not leave civetweb's thread.
    try {
      serve_(conn);
    } catch (const std::exception& e) {
      respond(conn, 500, "Internal Server Error", "text/plain; charset=utf-8",
              std::string{e.what()} + "\n");
    }
    return true;
  }

 private:
  std::function<void(mg_connection*)> serve_;
};

http_endpoint::http_endpoint(const std::string& listen, routes r)
    : routes_(std::move(r)) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size())
    throw bad_address(listen, "expected HOST:PORT, such as 127.0.0.1:9100, "
                              ":9100 or [::1]:9100");
  // ":PORT" is every interface, as Prometheus exporters take it.
  auto host = colon == 0 ? std::string{"0.0.0.0"} : listen.substr(0, colon);
  auto port = listen.substr(colon + 1);
  if (port.find_first_not_of("0123456789") != std::string::npos ||
      port.size() > 5 || std::stoul(port) > 65535)
    throw bad_address(listen, "the port must be a number from 0 to 65535");
  constexpr unsigned ipv6_feature = 8;
  if (host.front() == '[' && mg_check_feature(ipv6_feature) == 0)
    throw bad_address(listen, "this build's HTTP server (civetweb) has no "
                              "IPv6; listen on an IPv4 address, or :PORT");
  std::string errors;
  CivetCallbacks callbacks;
  callbacks.log_message = capture_log;
  start_errors = &errors;
  try {
    // A worker serves one connection at a time and waits up to
    // request_timeout_ms for its request: enough workers that a handful of
    // idle or slow clients cannot keep a liveness probe waiting, and a short
    // wait so that even more of them free their workers soon.
    server_ = std::make_unique<CivetServer>(
        std::vector<std::string>{"listening_ports", host + ":" + port,
                                 "num_threads", "16", "request_timeout_ms",
                                 "2000"},
        &callbacks);
  } catch (const CivetException& e) {
    start_errors = nullptr;
    throw bad_address(listen, errors.empty() ? e.what() : errors);
  }
  start_errors = nullptr;
  auto ports = server_->getListeningPorts();
  address_ = host + ":" + std::to_string(ports.empty() ? 0 : ports.front());
  metrics_ = std::make_unique<handler>([this](mg_connection* conn) {
    respond(conn, 200, "OK", "text/plain; version=0.0.4; charset=utf-8",
            routes_.metrics());
  });
  health_ = std::make_unique<handler>([this](mg_connection* conn) {
    auto h = routes_.health();
    // The verdict first (probes read one line), then where each
    // connection is.
    auto body = h.reason + "\n";
    if (!h.master.empty())
      body += "master: " + h.master + "\n";
    for (auto& c : h.connections) {
      body += c.name + ": ";
      if (c.node.empty()) // not needed yet (durable publishes)
        body += "idle\n";
      else
        body += c.node + " " + (c.role.empty() ? "-" : c.role) +
                (c.up ? " up\n" : " down\n");
    }
    if (h.healthy)
      respond(conn, 200, "OK", "text/plain; charset=utf-8", body);
    else
      respond(conn, 503, "Service Unavailable", "text/plain; charset=utf-8",
              body);
  });
  server_->addHandler("/metrics", metrics_.get());
  server_->addHandler("/healthz", health_.get());
  if (routes_.asyncapi) {
    asyncapi_ = std::make_unique<handler>([this](mg_connection* conn) {
      respond(conn, 200, "OK", "application/json", routes_.asyncapi());
    });
    server_->addHandler("/asyncapi.json", asyncapi_.get());
  }
}

http_endpoint::~http_endpoint() {
  // civetweb's listener polls in 2 s quanta and checks for a stop only in
  // between, so a stop would take up to 2 s; connecting to it wakes it.
  std::atomic<bool> closed{false};
  std::thread waker{[this, &closed] {
    while (!closed.load()) {
      poke(address_);
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
  }};
  // Stops the threads before the handlers they call go.
  server_->close();
  closed = true;
  waker.join();
}

} // namespace redactor::metrics
