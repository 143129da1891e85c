// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <thread>

namespace redactor::test {

/// A TCP proxy on a free loopback port in front of a server, under the
/// test's control, for the faults a real network has: replies lost in
/// flight while the server still runs what it was sent, and connections
/// cut. One thread; every connection is forwarded byte for byte until
/// told otherwise.
class fault_proxy {
 public:
  /// Forwards to 127.0.0.1:`target_port`.
  explicit fault_proxy(int target_port);
  ~fault_proxy();

  fault_proxy(const fault_proxy&) = delete;
  fault_proxy& operator=(const fault_proxy&) = delete;

  int port() const noexcept { return port_; }
  /// redis://127.0.0.1:<port>
  std::string url() const;

  /// While on, what the server sends is read and thrown away; what clients
  /// send still reaches it.
  void drop_replies(bool on) { dropping_ = on; }

  /// Resets every forwarded connection on both sides (RST), as a broken
  /// link would; new connections are forwarded again.
  void cut() { cut_requested_ = true; }

  /// RESP replies thrown away while dropping (one per CRLF-ended line at
  /// the start of a reply; exact for the integer replies of RPUSH).
  std::size_t dropped_lines() const noexcept { return dropped_lines_; }

 private:
  void run();

  int port_ = 0;
  int target_port_;
  int listener_ = -1;
  std::atomic<bool> dropping_{false};
  std::atomic<bool> cut_requested_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> dropped_lines_{0};
  std::thread thread_;
};

} // namespace redactor::test
