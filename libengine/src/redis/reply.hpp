// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct redisReader;

namespace redactor::redis {

/// A RESP2 reply, copied out of hiredis so it can cross threads (hiredis
/// frees its own reply right after parsing hands it over).
struct reply {
  enum class kind : std::uint8_t { nil, integer, string, status, error, array };

  kind type = kind::nil;
  long long integer = 0;
  /// The text of a string, status or error reply.
  std::string str;
  std::vector<reply> elements;

  bool is_error() const noexcept { return type == kind::error; }

  /// True for an error reply whose code is `prefix` ("NOGROUP", "BUSYGROUP").
  bool is_error(std::string_view prefix) const noexcept;

  bool is_array() const noexcept { return type == kind::array; }
};

/// A hiredis reader that builds `reply` trees itself, so no redisReply
/// tree is made and copied per reply. Free it with redisReaderFree.
redisReader* make_reply_reader();

/// Takes over a reply that such a reader's redisReaderGetReply handed out.
reply take_reply(void* raw);

/// Gives a reply tree back to the reader of this thread when it is done
/// with, so that the next reply is built into the same nodes and strings:
/// a push of the same shape (a Pub/Sub message, a subscribe confirmation)
/// then allocates only for what its reader moved out of the last one.
struct recycle_reply {
  void operator()(reply* r) const noexcept;
};

/// A reply tree lent to whoever reads it and then recycled (see
/// recycle_reply). Readers move out what they keep and hold no reference
/// once they return.
using reply_node = std::unique_ptr<reply, recycle_reply>;

/// Takes over a reply as take_reply() does, as a node to recycle.
reply_node adopt_reply(void* raw);

} // namespace redactor::redis
