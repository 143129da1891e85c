// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include "support/redis_server.hpp"

namespace redactor::test {

struct reply_deleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};

using reply_ptr = std::unique_ptr<redisReply, reply_deleter>;

/// Base fixture for tests labelled `redis`: one private server per test
/// suite, emptied before each test, and a plain synchronous hiredis
/// connection for setting up and checking state.
class redis_test : public ::testing::Test {
 public:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

 protected:
  void SetUp() override;
  void TearDown() override;

  static redis_server& server() { return *server_; }

  /// Runs a command given as binary-safe arguments; fails the test on a
  /// connection error.
  reply_ptr command(const std::vector<std::string_view>& args);

 private:
  static std::unique_ptr<redis_server> server_;
  redisContext* ctx_ = nullptr;
};

} // namespace redactor::test
