// SPDX-License-Identifier: MIT
#include "baseline/raw_connection.hpp"

#include <cerrno>
#include <iterator>
#include <stdexcept>

#include <fcntl.h>
#include <openssl/ssl.h>
#include <poll.h>

#include "redactor/connection_options.hpp"

namespace redactor::bench::baseline {
namespace {

[[noreturn]] void fail(const redisContext* c, const char* what) {
  throw std::runtime_error(
      std::string{"baseline: "} + what + ": " +
      (c != nullptr && c->err != 0 ? c->errstr : "connection closed"));
}

redisContext* connect_blocking(std::string_view url) {
  auto where = connection_options::from_url(url);
  auto* c = redisConnect(where.host.c_str(), where.port);
  if (c == nullptr || c->err != 0) {
    std::string why = c != nullptr ? c->errstr : "out of memory";
    redisFree(c);
    throw std::runtime_error("baseline: cannot connect: " + why);
  }
  return c;
}

} // namespace

raw_connection::raw_connection(std::string_view url)
    : ctx_(connect_blocking(url)) {
  auto where = connection_options::from_url(url);
  if (where.tls.enabled)
    start_tls(where.host);
  int flags = ::fcntl(ctx_->fd, F_GETFL);
  ::fcntl(ctx_->fd, F_SETFL, flags | O_NONBLOCK);
  ctx_->flags &= ~REDIS_BLOCK;
}

raw_connection::~raw_connection() {
  SSL_free(tls_);
  SSL_CTX_free(tls_ctx_);
  redisFree(ctx_);
}

void raw_connection::start_tls(const std::string& host) {
  tls_ctx_ = SSL_CTX_new(TLS_client_method());
  if (tls_ctx_ == nullptr ||
      SSL_CTX_set_min_proto_version(tls_ctx_, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_default_verify_paths(tls_ctx_) != 1)
    throw std::runtime_error("baseline: cannot set up TLS");
  SSL_CTX_set_verify(tls_ctx_, SSL_VERIFY_PEER, nullptr);
  tls_ = SSL_new(tls_ctx_);
  // Partial writes: write_some() hands over hiredis' growing output
  // buffer and keeps what was not taken.
  SSL_set_mode(tls_, SSL_MODE_ENABLE_PARTIAL_WRITE |
                         SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (tls_ == nullptr || SSL_set1_host(tls_, host.c_str()) != 1 ||
      SSL_set_fd(tls_, ctx_->fd) != 1 || SSL_connect(tls_) != 1)
    throw std::runtime_error("baseline: TLS handshake with " + host +
                             " failed");
}

void raw_connection::append_filled() {
  if (redisAppendCommandArgv(ctx_, args_.size(), args_.argv.data(),
                             args_.lengths.data()) != REDIS_OK)
    fail(ctx_, "append");
}

reply_ptr raw_connection::next_reply() {
  void* r = nullptr;
  if (redisGetReplyFromReader(ctx_, &r) != REDIS_OK)
    fail(ctx_, "protocol");
  return reply_ptr{static_cast<redisReply*>(r)};
}

bool raw_connection::has_buffered_input() const noexcept {
  return tls_ != nullptr && SSL_pending(tls_) > 0;
}

bool raw_connection::has_output() const noexcept {
  return sdslen(ctx_->obuf) > 0;
}

void raw_connection::write_some() {
  if (tls_ != nullptr) {
    int n = SSL_write(tls_, ctx_->obuf, static_cast<int>(sdslen(ctx_->obuf)));
    if (n > 0) {
      sdsrange(ctx_->obuf, n, -1);
      return;
    }
    int err = SSL_get_error(tls_, n);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
      throw std::runtime_error("baseline: TLS write failed");
    return;
  }
  int done = 0;
  if (redisBufferWrite(ctx_, &done) != REDIS_OK)
    fail(ctx_, "write");
}

void raw_connection::read_some() {
  // TLS: one record per call, as redisBufferRead takes one buffer: fed
  // more at once, hiredis' reader moves its unread bytes per reply parsed.
  if (tls_ != nullptr) {
    char buf[16 * 1024];
    int n = SSL_read(tls_, buf, sizeof buf);
    if (n > 0) {
      if (redisReaderFeed(ctx_->reader, buf, static_cast<std::size_t>(n)) !=
          REDIS_OK)
        fail(ctx_, "read");
      return;
    }
    int err = SSL_get_error(tls_, n);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
      throw std::runtime_error("baseline: TLS read failed");
    return;
  }
  if (redisBufferRead(ctx_) != REDIS_OK)
    fail(ctx_, "read");
}

void pump(std::initializer_list<raw_connection*> conns, int timeout_ms) {
  pollfd fds[4];
  if (conns.size() > std::size(fds))
    throw std::logic_error("baseline: pump() takes at most 4 connections");
  std::size_t n = 0;
  for (auto* c : conns) {
    if (c->has_output())
      c->write_some();
    // Bytes TLS already decrypted do not wake poll(): do not wait then.
    if (c->has_buffered_input())
      timeout_ms = 0;
    fds[n++] = {c->fd(),
                static_cast<short>(POLLIN | (c->has_output() ? POLLOUT : 0)),
                0};
  }
  if (::poll(fds, n, timeout_ms) < 0 && errno != EINTR)
    throw std::runtime_error("baseline: poll failed");
  std::size_t i = 0;
  for (auto* c : conns) {
    if (fds[i].revents & POLLOUT)
      c->write_some();
    if (fds[i].revents & (POLLIN | POLLERR | POLLHUP) ||
        c->has_buffered_input())
      c->read_some();
    ++i;
  }
}

bool is_message(const redisReply* r) {
  return r->type == REDIS_REPLY_ARRAY && r->elements == 3 &&
         text_of(r->element[0]) == "message";
}

void subscribe(raw_connection& c, std::string_view channel) {
  c.append({"SUBSCRIBE", channel});
  while (!c.next_reply())
    pump({&c}, 1000);
}

reply_ptr run_command(std::string_view url,
                      std::initializer_list<std::string_view> args) {
  raw_connection c{url};
  c.append(args);
  for (;;) {
    if (auto r = c.next_reply())
      return r;
    pump({&c}, 1000);
  }
}

} // namespace redactor::bench::baseline
