// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace redactor::bench {

// The RPC servers and the channel feeder run as separate processes: this
// same program started again in a role. They talk in lines: the peer prints
// "ready" once it serves, answers "cpu" with its CPU seconds (getrusage),
// may print a line of results, and exits when its stdin closes.

/// The parent's end: starts a peer and owns it.
class peer_process {
 public:
  /// Starts this program with `args` and waits (up to 30 s) for "ready".
  /// Throws std::runtime_error when the peer fails or exits first.
  explicit peer_process(const std::vector<std::string>& args);

  /// Closes the peer's stdin and waits for it to exit (SIGKILL after 10 s).
  ~peer_process();

  peer_process(const peer_process&) = delete;
  peer_process& operator=(const peer_process&) = delete;

  /// The peer's CPU seconds so far. Call from one thread at a time.
  double cpu_seconds();

  /// The next line the peer prints; throws after `timeout` without one.
  std::string
  next_line(std::chrono::seconds timeout = std::chrono::seconds(30));

 private:
  pid_t pid_ = -1;
  int to_peer_ = -1;
  int from_peer_ = -1;
  std::string buffered_;
};

/// The peer's end, on its stdin and stdout.
class peer_control {
 public:
  /// Starts answering the parent on a thread of its own.
  peer_control();
  ~peer_control();

  peer_control(const peer_control&) = delete;
  peer_control& operator=(const peer_control&) = delete;

  /// Tells the parent the peer now serves.
  void ready();

  /// Sends the parent one line of results.
  void report(const std::string& line);

  bool stop_requested() const noexcept { return stop_.load(); }

  /// Blocks until the parent closes stdin.
  void wait_for_stop();

 private:
  void answer();
  void say(const std::string& line);

  std::atomic<bool> stop_{false};
  std::mutex mtx_;
  std::condition_variable stopped_;
  std::thread reader_;
};

} // namespace redactor::bench
