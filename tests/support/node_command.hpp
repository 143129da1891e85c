// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <hiredis/hiredis.h>

namespace redactor::test {

using node_reply = std::shared_ptr<redisReply>;

/// One command on a fresh connection to the server on `port`, after AUTH
/// with `password` unless empty; null when nothing answered within a
/// second. For harnesses that talk to many servers (Sentinel, Cluster).
node_reply node_command(int port, const std::vector<std::string>& args,
                        const std::string& password = {});

/// The text of a string, status or error reply; empty otherwise.
std::string text_of(const node_reply& r);

/// Asks `pred` every 50 ms until it holds; false after `timeout`. For
/// harnesses waiting on servers to agree (a cluster, Sentinels).
template <class Pred>
bool poll_until(std::chrono::milliseconds timeout, Pred pred) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  return true;
}

} // namespace redactor::test
