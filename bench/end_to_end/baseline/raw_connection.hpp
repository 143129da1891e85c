// SPDX-License-Identifier: MIT
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// hiredis 0.14 includes sds.h outside its extern "C" block: included first
// here, sdsrange() links.
extern "C" {
#include <hiredis/sds.h>
}
#include <hiredis/hiredis.h>

struct ssl_ctx_st;
struct ssl_st;

namespace redactor::bench::baseline {

struct reply_deleter {
  void operator()(redisReply* r) const noexcept { freeReplyObject(r); }
};
using reply_ptr = std::unique_ptr<redisReply, reply_deleter>;

/// hiredis' argv and length arrays for one command; reused, so appending
/// allocates nothing once warm.
struct argv_buffer {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;

  template <class Range>
  void fill(const Range& args) {
    argv.clear();
    lengths.clear();
    for (std::string_view a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
  }
  int size() const noexcept { return static_cast<int>(argv.size()); }
};

/// The comparison's connection, the fastest plain use of hiredis: a hiredis
/// context made non-blocking after connecting, commands appended to its
/// output buffer and flushed by pump() in one write, every complete reply
/// after a read handed out by next_reply(). rediss:// puts OpenSSL on the
/// same socket (hiredis still formats and parses), trusting the system's
/// store or $SSL_CERT_FILE. Errors throw; the baseline has no recovery, it
/// only has to be fast.
class raw_connection {
 public:
  /// Connects to redis://host:port or rediss://host:port taken from `url`.
  explicit raw_connection(std::string_view url);
  ~raw_connection();

  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  void append(std::initializer_list<std::string_view> args) {
    args_.fill(args);
    append_filled();
  }
  void append(const std::vector<std::string_view>& args) {
    args_.fill(args);
    append_filled();
  }

  /// The next complete reply already read, or null.
  reply_ptr next_reply();

  bool has_output() const noexcept;
  /// TLS: decrypted bytes not read yet, which poll() does not see.
  bool has_buffered_input() const noexcept;
  int fd() const noexcept { return ctx_->fd; }

  /// Writes what is queued (as much as the socket takes) and reads what
  /// arrived. Used by pump().
  void write_some();
  void read_some();

 private:
  /// Appends the command in args_.
  void append_filled();
  /// The TLS handshake, while the socket still blocks.
  void start_tls(const std::string& host);

  redisContext* ctx_ = nullptr;
  ssl_ctx_st* tls_ctx_ = nullptr;
  ssl_st* tls_ = nullptr;
  argv_buffer args_;
};

/// One turn of the poll loop over `conns`: flushes their output, waits up to
/// `timeout_ms` for any of them to become readable, and reads what came.
void pump(std::initializer_list<raw_connection*> conns, int timeout_ms);

/// A string reply's bytes.
inline std::string_view text_of(const redisReply* r) {
  return {r->str, static_cast<std::size_t>(r->len)};
}

/// A subscriber's message: ["message", channel, payload].
bool is_message(const redisReply* r);

/// SUBSCRIBE `channel` on `c` and wait for the confirmation.
void subscribe(raw_connection& c, std::string_view channel);

/// Sends one command on a fresh connection and returns its reply: for
/// set-up, not for measured work.
reply_ptr run_command(std::string_view url,
                      std::initializer_list<std::string_view> args);

} // namespace redactor::bench::baseline
