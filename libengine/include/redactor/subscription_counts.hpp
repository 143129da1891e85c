// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace redactor {

/// What one subscription did since it started; a snapshot.
struct subscription_counts {
  /// Messages taken from Redis and handed on (batch items count one each).
  std::uint64_t received = 0;
  /// Messages whose handler returned.
  std::uint64_t handled = 0;
  /// Messages whose handler threw.
  std::uint64_t failed = 0;
  /// Payloads that carried FastStream's binary magic but whose frame was
  /// broken (handled as raw bytes, or refused with reject_undecodable).
  std::uint64_t undecodable = 0;
  /// Payloads refused unread because they were larger than
  /// broker_options::max_message_bytes.
  std::uint64_t oversized = 0;
  /// Requests dropped unhandled because their deadline header
  /// (wire_headers::deadline) had passed when a worker took them.
  std::uint64_t expired = 0;
  /// Requests dropped unhandled because their reply_to named a list or
  /// stream outside subscription_options::reply_key_prefixes.
  std::uint64_t refused_replies = 0;
  /// List items read but not handled that could not be pushed back to the
  /// list at stop (Redis away until graceful_timeout, or refusing the
  /// push); each is named in an error log line.
  std::uint64_t lost_at_stop = 0;
  /// Stream entries moved to the dead-letter stream after max_deliveries.
  std::uint64_t dead_lettered = 0;
};

} // namespace redactor
