// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "redactor/message.hpp"

namespace redactor::test {

/// What a test handler saw, safe to fill from engine threads and to wait on
/// from the test.
struct seen {
  std::string body;
  std::string correlation_id;
  std::string entry_id;
  std::string channel;
  header_list headers;
  header_list path;
};

class collector {
 public:
  void add(const message& m) {
    std::lock_guard<std::mutex> guard{mtx_};
    items_.push_back({std::string(m.body()), m.correlation_id(), m.entry_id(),
                      m.channel(), m.headers(), m.path()});
    cv_.notify_all();
  }

  /// Waits until at least `n` were seen; false on timeout.
  bool wait_for(std::size_t n,
                std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
    std::unique_lock<std::mutex> guard{mtx_};
    return cv_.wait_for(guard, timeout, [&] { return items_.size() >= n; });
  }

  /// Waits until a message with `body` was seen; false on timeout.
  bool wait_for_body(const std::string& body,
                     std::chrono::milliseconds timeout = std::chrono::seconds{
                         10}) {
    std::unique_lock<std::mutex> guard{mtx_};
    return cv_.wait_for(guard, timeout, [&] { return has(body); });
  }

  bool contains(const std::string& body) const {
    std::lock_guard<std::mutex> guard{mtx_};
    return has(body);
  }

  std::vector<seen> items() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return items_;
  }

  std::vector<std::string> bodies() const {
    std::lock_guard<std::mutex> guard{mtx_};
    std::vector<std::string> out;
    for (auto& s : items_)
      out.push_back(s.body);
    return out;
  }

  std::size_t size() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return items_.size();
  }

 private:
  bool has(const std::string& body) const {
    for (auto& s : items_)
      if (s.body == body)
        return true;
    return false;
  }

  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::vector<seen> items_;
};

/// Polls `pred` every 5 ms until it holds; false on timeout.
inline bool eventually(const std::function<bool()>& pred,
                       std::chrono::milliseconds timeout = std::chrono::seconds{
                           10}) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  return true;
}

} // namespace redactor::test
