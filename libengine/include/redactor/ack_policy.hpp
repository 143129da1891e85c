// SPDX-License-Identifier: MIT
#pragma once

namespace redactor {

/// When a stream entry read through a consumer group is acknowledged
/// (XACK). Channels, lists and streams read without a group have nothing to
/// acknowledge and ignore it. An entry that is not acknowledged stays in the
/// group's pending list: it is read again when this consumer restarts, or
/// claimed by a live consumer once it has been idle for `min_idle_time`.
enum class ack_policy {
  /// XACK before the handler runs: at most once.
  ack_first,
  /// XACK after the handler, whether it succeeded or threw.
  ack,
  /// XACK on success; on an exception the entry stays pending (default).
  reject_on_error,
  /// XACK on success; on an exception the entry stays pending, counted as
  /// a nack rather than a reject.
  nack_on_error,
  /// Nothing automatic: the handler calls message::ack(), nack() or
  /// reject() before it returns.
  manual,
};

} // namespace redactor
