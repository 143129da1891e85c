// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

#include "redactor/broker.hpp"
#include "support/collector.hpp"
#include "support/redis_test.hpp"

namespace redactor::test {

/// redis_test plus broker options aimed at the suite's server.
class broker_test : public redis_test {
 protected:
  broker_options options() {
    broker_options opts;
    opts.connection = connection_options::from_url(server().url());
    opts.graceful_timeout = std::chrono::seconds{2};
    opts.publish_timeout = std::chrono::seconds{5};
    return opts;
  }

  /// An integer reply's value (LLEN, XLEN, XPENDING's count...).
  long long integer(const std::vector<std::string_view>& args) {
    auto r = command(args);
    return r && r->type == REDIS_REPLY_INTEGER ? r->integer : -1;
  }

  /// XPENDING's summary count for a group.
  long long pending(std::string_view stream, std::string_view group) {
    auto r = command({"XPENDING", stream, group});
    return r && r->type == REDIS_REPLY_ARRAY && r->elements > 0
               ? r->element[0]->integer
               : -1;
  }

  /// A list's items, head first.
  std::vector<std::string> list_items(std::string_view key) {
    std::vector<std::string> out;
    auto r = command({"LRANGE", key, "0", "-1"});
    for (std::size_t i = 0; r && i < r->elements; ++i)
      out.emplace_back(r->element[i]->str, r->element[i]->len);
    return out;
  }
};

} // namespace redactor::test
