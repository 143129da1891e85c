// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

namespace redactor::test {

class test_pki;

/// A loopback port the kernel just handed out (another process may take
/// it before it is bound).
int free_loopback_port();

/// A private redis-server on a free loopback port with persistence off, for
/// one test process. The server dies with the process that started it (also
/// on a crash or a kill), so no test leaves one behind.
class redis_server {
 public:
  /// Starts the server and waits until it answers PING. Throws
  /// std::runtime_error when no server could be started. A persistent
  /// server writes every command to an append-only file (fsync always) in a
  /// scratch directory, so restart() brings its data back.
  explicit redis_server(bool persistent = false);

  /// Also serves TLS on tls_port(), with `pki`'s server certificate; with
  /// `require_client_cert`, only clients presenting a certificate its CA
  /// signed are let in. The plain port stays, for the tests' own checks.
  /// `extra_args` as below.
  redis_server(const test_pki& pki, bool require_client_cert,
               std::vector<std::string> extra_args = {});

  /// With more command-line settings (`--replicaof 127.0.0.1 <port>`);
  /// `config_file`, when given, comes first, as `--sentinel` needs.
  explicit redis_server(std::vector<std::string> extra_args,
                        std::string config_file = {});

  ~redis_server();

  redis_server(const redis_server&) = delete;
  redis_server& operator=(const redis_server&) = delete;

  int port() const noexcept { return port_; }

  /// The server's process, to read its CPU time; -1 while it is down.
  pid_t pid() const noexcept { return pid_; }

  /// redis://127.0.0.1:<port>
  std::string url() const;

  /// The TLS port; 0 without TLS.
  int tls_port() const noexcept { return tls_port_; }
  /// rediss://<host>:<tls port>, host "127.0.0.1" unless given.
  std::string tls_url(const std::string& host = "127.0.0.1") const;

  /// SIGKILL, as a crash would; the data is gone.
  void kill();

  /// Starts again on the same port after kill().
  void restart();

 private:
  bool spawn_and_wait();
  void reap();

  /// Runs the server's process with the settings chosen.
  void start();

  int port_ = 0;
  int tls_port_ = 0;
  /// redis-server arguments for TLS; empty without.
  std::vector<std::string> tls_args_;
  std::vector<std::string> extra_args_;
  std::string config_file_;
  pid_t pid_ = -1;
  /// Every command goes to an append-only file.
  bool aof_ = false;
  /// The server's own scratch directory.
  std::string dir_;
};

} // namespace redactor::test
