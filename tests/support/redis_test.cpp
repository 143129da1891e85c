// SPDX-License-Identifier: MIT
#include "support/redis_test.hpp"

namespace redactor::test {

std::unique_ptr<redis_server> redis_test::server_;

void redis_test::SetUpTestSuite() {
  server_ = std::make_unique<redis_server>();
}

void redis_test::TearDownTestSuite() {
  server_.reset();
}

void redis_test::SetUp() {
  ctx_ = redisConnect("127.0.0.1", server_->port());
  ASSERT_TRUE(ctx_ != nullptr && ctx_->err == 0) << "cannot connect";
  auto flushed = command({"FLUSHALL"});
  ASSERT_TRUE(flushed && flushed->type == REDIS_REPLY_STATUS);
}

void redis_test::TearDown() {
  redisFree(ctx_);
  ctx_ = nullptr;
}

reply_ptr redis_test::command(const std::vector<std::string_view>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lens;
  for (auto a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  reply_ptr reply{static_cast<redisReply*>(redisCommandArgv(
      ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()))};
  EXPECT_TRUE(reply) << "connection error: " << ctx_->errstr;
  return reply;
}

} // namespace redactor::test
