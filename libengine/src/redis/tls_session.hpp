// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "redactor/connection_options.hpp"
#include "redactor/result.hpp"

struct ssl_ctx_st;
struct ssl_st;

namespace redactor::redis {

/// The client side of TLS on a connection's own non-blocking socket, with
/// OpenSSL: no call ever blocks, each says whether it needs the socket
/// readable or writable to go on. hiredis never sees the socket; it parses
/// what read() returns.
///
/// Threading: a session belongs to its connection's loop thread; a context
/// is immutable once made and may be shared.
class tls_session {
 public:
  /// Trust store, client certificate and protocol floor (TLS 1.2), made
  /// once per connection and used for each of its sockets.
  class context {
   public:
    /// Fails with errc::invalid_argument when a file cannot be loaded.
    static result<std::shared_ptr<const context>> make(const tls_options& o);
    ~context();
    context(const context&) = delete;
    context& operator=(const context&) = delete;

   private:
    friend class tls_session;
    explicit context(ssl_ctx_st* ctx, const tls_options& o);
    ssl_ctx_st* ctx_;
    tls_options options_;
  };

  /// What a call needs before it can go on.
  enum class status { done, want_read, want_write, closed, failed };

  /// A session on `fd` for a server reached as `host` (the name checked
  /// against its certificate unless tls_options::server_name says
  /// otherwise).
  tls_session(std::shared_ptr<const context> ctx, int fd,
              const std::string& host);
  ~tls_session();
  tls_session(const tls_session&) = delete;
  tls_session& operator=(const tls_session&) = delete;

  /// One step of the handshake.
  status handshake();
  /// Reads up to `size` bytes into `buf`; `n` is how many.
  status read(char* buf, std::size_t size, std::size_t& n);
  /// Writes up to `size` bytes; `n` is how many were taken. Called again
  /// after want_*, it must be given the same bytes.
  status write(const char* buf, std::size_t size, std::size_t& n);

  /// Why the last call failed, in words a user can act on.
  const std::string& failure() const noexcept { return failure_; }

 private:
  status classify(int rc);

  std::shared_ptr<const context> ctx_;
  ssl_st* ssl_ = nullptr;
  /// Application data came: later closes are ordinary losses.
  bool received_ = false;
  std::string failure_;
};

} // namespace redactor::redis
