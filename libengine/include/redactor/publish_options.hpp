// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <string>

#include "redactor/header_list.hpp"

namespace redactor {

/// What goes into the frame besides the body. Every field is optional.
struct publish_options {
  /// User headers; a name set here replaces the publisher's default.
  header_list headers;
  /// Empty: a fresh UUID4, as FastStream does.
  std::string correlation_id;
  /// Empty: no reply_to header.
  std::string reply_to;
  /// Empty: no content-type header.
  std::string content_type;
  /// The body goes to Redis as it is, with no frame: for RedisRPC and
  /// JSON-RPC peers and plain producers' consumers. Headers, correlation
  /// id, reply_to and content type are then not sent; a stream entry holds
  /// the body as its __data__ field. Not for requests, which need the
  /// frame's reply_to.
  bool raw = false;
  /// Durable publishing: acknowledged only once this many replicas hold
  /// the write (WAIT, pipelined after it), else failed with
  /// errc::under_replicated once replica_timeout passed; the result says
  /// how many confirmed. What a master failover may lose is only what was
  /// acknowledged without it. 0: acknowledged once the master has it.
  /// While a WAIT waits, the commands behind it on the shared connection
  /// wait too, so replica_timeout must stay below the socket timeout.
  int min_replicas = 0;
  std::chrono::milliseconds replica_timeout{1000};
};

} // namespace redactor
