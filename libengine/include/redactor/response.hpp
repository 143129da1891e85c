// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>

#include "redactor/header_list.hpp"

namespace redactor {

/// What a handler returns to have something published: to the request's
/// reply_to and to the subscription's `publish_to` destinations.
struct response {
  std::string body;
  header_list headers;
  /// Empty: the incoming message's correlation_id.
  std::string correlation_id;
  /// Empty: no content-type header.
  std::string content_type;
  /// When the reply goes to a stream: trim it to about this many entries
  /// (`XADD ... MAXLEN ~ n`), overriding the destination's own maxlen;
  /// 0: the destination's.
  std::size_t maxlen = 0;
  /// Set when the response reports a failure in the handler's own protocol
  /// (a JSON-RPC error object, a RedisRPC exception): it still goes out,
  /// and the message is still acknowledged, but it counts as failed
  /// (subscription_counts::failed, metrics status "error" with this as its
  /// exception_type). Empty: a success.
  std::string failed_as;

  response() = default;
  response(std::string body, std::string content_type = {})
      : body(std::move(body)), content_type(std::move(content_type)) {
    // nop
  }
};

/// FastStream's name for a response with Redis options (maxlen): the same
/// type here.
using redis_response = response;

} // namespace redactor
