// SPDX-License-Identifier: MIT
#include "redis/reply.hpp"

#include <hiredis/hiredis.h>

namespace redactor::redis {

bool reply::is_error(std::string_view prefix) const noexcept {
  std::string_view text{str};
  return type == kind::error && text.substr(0, prefix.size()) == prefix &&
         (text.size() == prefix.size() || text[prefix.size()] == ' ');
}

reply copy_reply(const redisReply& r) {
  reply out;
  switch (r.type) {
  case REDIS_REPLY_INTEGER:
    out.type = reply::kind::integer;
    out.integer = r.integer;
    break;
  case REDIS_REPLY_STRING:
    out.type = reply::kind::string;
    out.str.assign(r.str, r.len);
    break;
  case REDIS_REPLY_STATUS:
    out.type = reply::kind::status;
    out.str.assign(r.str, r.len);
    break;
  case REDIS_REPLY_ERROR:
    out.type = reply::kind::error;
    out.str.assign(r.str, r.len);
    break;
  case REDIS_REPLY_ARRAY:
    out.type = reply::kind::array;
    out.elements.reserve(r.elements);
    for (std::size_t i = 0; i < r.elements; ++i)
      out.elements.push_back(copy_reply(*r.element[i]));
    break;
  default:
    out.type = reply::kind::nil;
  }
  return out;
}

} // namespace redactor::redis
