// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "support/redis_server.hpp"

namespace redactor::test {

/// A master, two replicas and three Sentinels (quorum 2) on loopback ports,
/// for one test: the Sentinels know each other and both replicas before
/// the constructor returns. A master is taken for down after one second
/// without an answer.
class sentinel_group {
 public:
  static constexpr const char* master_name = "redactor-test";

  /// With `sentinel_password`, the Sentinels require it (and use it among
  /// themselves); the data nodes have none.
  explicit sentinel_group(std::string sentinel_password = {});
  ~sentinel_group();

  sentinel_group(const sentinel_group&) = delete;
  sentinel_group& operator=(const sentinel_group&) = delete;

  /// redis-sentinel://127.0.0.1:<s1>,...#redactor-test
  std::string url() const;

  /// The data node the Sentinels name as master now.
  redis_server& master();
  /// The port the Sentinels name for the master; 0 when none answers.
  int master_port() const;

  /// SENTINEL FAILOVER on the first Sentinel, as an operator would.
  void failover();

  /// Stops every Sentinel: nobody can name a master any more.
  void stop_sentinels() { sentinels_.clear(); }

  /// Waits until every Sentinel names a master other than the node on
  /// `old_port`; false on timeout.
  bool wait_for_new_master(int old_port, std::chrono::milliseconds timeout);

  std::vector<std::unique_ptr<redis_server>>& data_nodes() { return data_; }

 private:
  /// How many entries of a Sentinel's SENTINEL `listing` ("replicas",
  /// "sentinels") are not flagged down.
  std::size_t healthy(int sentinel_port, const char* listing) const;
  /// Every Sentinel sees both replicas and the two other Sentinels, and
  /// both replicas are in sync.
  bool sees_everyone() const;
  /// What each Sentinel and replica reports, for the error when they do
  /// not get there.
  std::string what_each_sees() const;

  std::vector<std::unique_ptr<redis_server>> data_;
  std::vector<std::unique_ptr<redis_server>> sentinels_;
  std::string password_;
  std::string dir_;
};

} // namespace redactor::test
