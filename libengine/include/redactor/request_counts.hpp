// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace redactor {

/// What a broker's requests (broker::request) did since it started; a
/// snapshot.
struct request_counts {
  /// Waiting for their replies now.
  std::uint64_t pending = 0;
  /// Completed by a reply (including error replies).
  std::uint64_t replied = 0;
  /// Failed with errc::timeout.
  std::uint64_t timed_out = 0;
  /// Refused with errc::too_many_pending.
  std::uint64_t refused = 0;
  /// Replies that matched no pending request (it had timed out, or
  /// something was sent to a reply channel before a request took it) and
  /// were dropped.
  std::uint64_t late_replies = 0;
};

} // namespace redactor
