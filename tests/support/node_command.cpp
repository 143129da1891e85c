// SPDX-License-Identifier: MIT
#include "support/node_command.hpp"

namespace redactor::test {

node_reply node_command(int port, const std::vector<std::string>& args,
                        const std::string& password) {
  timeval timeout{1, 0};
  auto* c = redisConnectWithTimeout("127.0.0.1", port, timeout);
  if (c == nullptr || c->err != 0) {
    redisFree(c);
    return nullptr;
  }
  redisSetTimeout(c, timeout);
  if (!password.empty())
    freeReplyObject(redisCommand(c, "AUTH %s", password.c_str()));
  std::vector<const char*> argv;
  std::vector<std::size_t> lens;
  for (auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* r = static_cast<redisReply*>(redisCommandArgv(
      c, static_cast<int>(args.size()), argv.data(), lens.data()));
  redisFree(c);
  return {r, [](redisReply* p) {
            if (p != nullptr)
              freeReplyObject(p);
          }};
}

std::string text_of(const node_reply& r) {
  if (!r || r->str == nullptr)
    return {};
  return {r->str, r->len};
}

} // namespace redactor::test
