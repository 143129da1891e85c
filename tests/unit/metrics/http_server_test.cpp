// SPDX-License-Identifier: MIT
// The metrics HTTP server on a real loop and real loopback sockets, spoken
// to byte by byte: what scrapers and probes send, and what they must not
// be able to do to it.
#include "metrics/http_server.hpp"

#include <future>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "redactor/error.hpp"
#include "redis/io_loop.hpp"
#include "support/http_get.hpp"

using namespace redactor;
using namespace std::chrono_literals;
using metrics::http_page;
using metrics::http_server;

namespace {

std::map<std::string, http_server::page_source> hello_pages() {
  return {{"/metrics", [] { return http_page{200, "text/plain", "hello\n"}; }}};
}

/// Sends `request` and reads until the server closes (or 5 s pass).
std::string converse(int fd, const std::string& request) {
  timeval patience{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string raw;
  char buf[65536];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    raw.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return raw;
}

std::string converse(const std::string& address, const std::string& request) {
  int fd = test::tcp_connect(address);
  EXPECT_GE(fd, 0) << address;
  return fd < 0 ? std::string{} : converse(fd, request);
}

std::string status_line(const std::string& raw) {
  return raw.substr(0, raw.find("\r\n"));
}

bool ipv6_loopback_works() {
  int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
  if (fd < 0)
    return false;
  sockaddr_in6 addr{};
  addr.sin6_family = AF_INET6;
  addr.sin6_addr = in6addr_loopback;
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

} // namespace

TEST(http_server, serves_its_pages_and_says_what_it_does_not_serve) {
  redis::io_loop loop;
  http_server server{loop, "127.0.0.1:0", hello_pages()};
  auto at = server.address();
  EXPECT_EQ(at.rfind("127.0.0.1:", 0), 0u) << at;

  auto got = test::http_get(at, "/metrics");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "hello\n");
  EXPECT_EQ(test::http_get(at, "/metrics?name[]=x").body, "hello\n");

  auto raw = converse(at, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(raw.find("\r\nContent-Type: text/plain\r\n"), std::string::npos);
  EXPECT_NE(raw.find("\r\nContent-Length: 6\r\n"), std::string::npos);
  EXPECT_NE(raw.find("\r\nConnection: close\r\n"), std::string::npos);

  raw = converse(at, "HEAD /metrics HTTP/1.1\r\n\r\n");
  EXPECT_EQ(status_line(raw), "HTTP/1.1 200 OK");
  EXPECT_NE(raw.find("\r\nContent-Length: 6\r\n"), std::string::npos);
  EXPECT_EQ(raw.substr(raw.size() - 4), "\r\n\r\n") << "HEAD has no body";

  EXPECT_EQ(test::http_get(at, "/other").status, 404);
  raw = converse(at, "POST /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_EQ(status_line(raw), "HTTP/1.1 405 Method Not Allowed");
  EXPECT_NE(raw.find("\r\nAllow: GET, HEAD\r\n"), std::string::npos);
  EXPECT_EQ(status_line(converse(at, "hello\r\n\r\n")),
            "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(status_line(converse(at, "GET /metrics SPDY/3\r\n\r\n")),
            "HTTP/1.1 400 Bad Request");
}

TEST(http_server, a_request_head_over_8_kib_is_refused) {
  redis::io_loop loop;
  http_server server{loop, "127.0.0.1:0", hello_pages()};
  auto raw = converse(server.address(),
                      "GET /metrics HTTP/1.1\r\nX: " + std::string(9000, 'a'));
  EXPECT_EQ(status_line(raw), "HTTP/1.1 431 Request Header Fields Too Large");
}

TEST(http_server, a_page_runs_on_the_loop_and_one_that_throws_answers_500) {
  redis::io_loop loop;
  std::promise<std::thread::id> loop_thread;
  loop.post([&] { loop_thread.set_value(std::this_thread::get_id()); });
  std::thread::id page_thread;
  http_server server{
      loop,
      "127.0.0.1:0",
      {{"/where",
        [&] {
          page_thread = std::this_thread::get_id();
          return http_page{200, "text/plain", ""};
        }},
       {"/broken", []() -> http_page { throw std::runtime_error{"broken"}; }}}};
  EXPECT_EQ(test::http_get(server.address(), "/where").status, 200);
  EXPECT_EQ(page_thread, loop_thread.get_future().get());
  auto broken = test::http_get(server.address(), "/broken");
  EXPECT_EQ(broken.status, 500);
  EXPECT_EQ(broken.body, "broken\n");
  EXPECT_EQ(test::http_get(server.address(), "/where").status, 200);
}

namespace {

/// Asks for an 8 MB page, more than a socket buffer holds, reading
/// slowly at first so that the server meets a full buffer; `half_close`
/// ends the client's input with its request, as `printf ... | nc` does.
void expect_whole_big_page(bool half_close) {
  redis::io_loop loop;
  std::string big(8 << 20, 'x');
  http_server server{
      loop, "127.0.0.1:0", {{"/big", [&] {
                               return http_page{200, "text/plain", big};
                             }}}};
  int fd = test::tcp_connect(server.address());
  ASSERT_GE(fd, 0);
  ::send(fd, "GET /big HTTP/1.0\r\n\r\n", 21, MSG_NOSIGNAL);
  if (half_close)
    ::shutdown(fd, SHUT_WR);
  std::this_thread::sleep_for(100ms);
  auto raw = converse(fd, "");
  ASSERT_GT(raw.size(), big.size());
  EXPECT_EQ(raw.substr(raw.size() - big.size()), big);
}

} // namespace

TEST(http_server, a_page_larger_than_the_socket_buffer_arrives_whole) {
  expect_whole_big_page(false);
}

TEST(http_server, a_client_that_half_closes_still_gets_the_whole_page) {
  expect_whole_big_page(true);
}

TEST(http_server, idle_clients_hold_up_no_one_and_are_closed) {
  redis::io_loop loop;
  http_server server{loop, "127.0.0.1:0", hello_pages(), 300ms};
  std::vector<int> idle;
  for (int i = 0; i < 100; ++i)
    idle.push_back(test::tcp_connect(server.address()));
  // Past the 64 held at once, each newcomer closes the oldest: the probe
  // is answered at once.
  EXPECT_EQ(test::http_get(server.address(), "/metrics").status, 200);
  for (int fd : idle) {
    ASSERT_GE(fd, 0);
    timeval patience{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    char c;
    EXPECT_EQ(::recv(fd, &c, 1, 0), 0) << "closed by the server";
    ::close(fd);
  }
}

TEST(http_server, stopping_closes_its_clients_and_frees_the_port) {
  redis::io_loop loop;
  std::string address;
  int idle = -1;
  {
    http_server server{loop, "127.0.0.1:0", hello_pages()};
    address = server.address();
    idle = test::tcp_connect(address);
    ASSERT_GE(idle, 0);
    EXPECT_EQ(test::http_get(address, "/metrics").status, 200);
  }
  EXPECT_EQ(converse(idle, ""), "");
  http_server again{loop, address, hello_pages()};
  EXPECT_EQ(test::http_get(address, "/metrics").status, 200);
}

TEST(http_server, listens_on_ipv6) {
  if (!ipv6_loopback_works())
    GTEST_SKIP() << "this machine has no IPv6 loopback";
  redis::io_loop loop;
  http_server server{loop, "[::1]:0", hello_pages()};
  EXPECT_EQ(server.address().rfind("[::1]:", 0), 0u) << server.address();
  EXPECT_EQ(test::http_get(server.address(), "/metrics").body, "hello\n");
}

TEST(http_server, an_address_it_cannot_have_says_why) {
  redis::io_loop loop;
  auto why = [&](const std::string& listen) {
    try {
      http_server server{loop, listen, hello_pages()};
      return std::string{"listening on "} + server.address();
    } catch (const error& e) {
      EXPECT_EQ(e.info().code, make_error_code(errc::invalid_argument));
      return std::string{e.what()};
    }
  };
  EXPECT_NE(why("9100").find("expected HOST:PORT"), std::string::npos);
  EXPECT_NE(why("127.0.0.1:").find("expected HOST:PORT"), std::string::npos);
  EXPECT_NE(why("127.0.0.1:65536").find("from 0 to 65535"), std::string::npos);
  EXPECT_NE(why("[not-v6]:0").find("\"[not-v6]:0\""), std::string::npos);
  http_server first{loop, "127.0.0.1:0", hello_pages()};
  EXPECT_NE(why(first.address()).find("Address already in use"),
            std::string::npos);
  EXPECT_EQ(why(":0").rfind("listening on 0.0.0.0:", 0), 0u);
}
