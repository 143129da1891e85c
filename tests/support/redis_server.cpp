// SPDX-License-Identifier: MIT
#include "support/redis_server.hpp"

#include "support/child_process.hpp"
#include "support/test_pki.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <thread>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

namespace redactor::test {
namespace {

bool answers_ping(int port) {
  timeval timeout{0, 200'000};
  auto* c = redisConnectWithTimeout("127.0.0.1", port, timeout);
  bool ok = false;
  if (c != nullptr && c->err == 0) {
    redisSetTimeout(c, timeout);
    auto* reply = static_cast<redisReply*>(redisCommand(c, "PING"));
    // NOAUTH: up, and wanting a password (requirepass among the
    // settings).
    ok = reply != nullptr &&
         (reply->type == REDIS_REPLY_STATUS ||
          (reply->type == REDIS_REPLY_ERROR &&
           std::string_view{reply->str}.substr(0, 6) == "NOAUTH"));
    freeReplyObject(reply);
  }
  redisFree(c);
  return ok;
}

const char* server_binary() {
  const char* custom = std::getenv("REDACTOR_REDIS_SERVER");
  return custom != nullptr ? custom : "redis-server";
}

} // namespace

// Another process may still take it before redis-server binds, which
// spawn_and_wait() detects and retries.
int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0)
      ::close(fd);
    throw std::runtime_error("cannot find a free loopback port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

redis_server::redis_server(bool persistent) : aof_(persistent) {
  start();
}

redis_server::redis_server(const test_pki& pki, bool require_client_cert,
                           std::vector<std::string> extra_args)
    : extra_args_(std::move(extra_args)) {
  tls_args_ = {"--tls-cert-file",    pki.server_cert(),
               "--tls-key-file",     pki.server_key(),
               "--tls-ca-cert-file", pki.ca_cert(),
               "--tls-auth-clients", require_client_cert ? "yes" : "no"};
  start();
}

redis_server::redis_server(std::vector<std::string> extra_args,
                           std::string config_file)
    : extra_args_(std::move(extra_args)), config_file_(std::move(config_file)) {
  start();
}

void redis_server::start() {
  // Its own directory even without persistence: a replica stores the
  // snapshot it syncs from as dump.rdb there, which any other server
  // sharing the directory would load at start.
  char tmpl[] = "/tmp/redactor-redis-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr)
    throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_loopback_port();
    if (!tls_args_.empty())
      tls_port_ = free_loopback_port();
    if (spawn_and_wait())
      return;
  }
  throw std::runtime_error(std::string{"cannot start "} + server_binary());
}

redis_server::~redis_server() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    reap();
  }
  if (!dir_.empty())
    std::filesystem::remove_all(dir_);
}

std::string redis_server::url() const {
  return "redis://127.0.0.1:" + std::to_string(port_);
}

std::string redis_server::tls_url(const std::string& host) const {
  return "rediss://" + host + ":" + std::to_string(tls_port_);
}

void redis_server::kill() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    reap();
  }
}

void redis_server::restart() {
  if (!spawn_and_wait())
    throw std::runtime_error("redis-server did not come back on port " +
                             std::to_string(port_));
}

bool redis_server::spawn_and_wait() {
  auto port = std::to_string(port_);
  bool aof = aof_;
  std::vector<std::string> args{server_binary(),
                                "--port",
                                port,
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                aof ? "yes" : "no",
                                "--appendfsync",
                                "always",
                                "--dir",
                                dir_,
                                "--daemonize",
                                "no",
                                "--protected-mode",
                                "yes",
                                "--loglevel",
                                "warning"};
  if (!tls_args_.empty()) {
    args.push_back("--tls-port");
    args.push_back(std::to_string(tls_port_));
    args.insert(args.end(), tls_args_.begin(), tls_args_.end());
  }
  if (!config_file_.empty())
    args.insert(args.begin() + 1, config_file_);
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  pid_ = spawn_child(std::move(args), true);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1; // exited: port taken, or no binary
      return false;
    }
    if (answers_ping(port_))
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill();
  return false;
}

void redis_server::reap() {
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

} // namespace redactor::test
