// SPDX-License-Identifier: MIT
#pragma once

namespace redactor {

/// What the broker does with a command (a publish, a request, an
/// acknowledgement) whose connection broke after the command was written
/// and before its reply came, so that Redis may or may not have run it.
/// Commands issued while Redis is away are not concerned: they are held
/// and sent once it is back (until broker_options::publish_timeout).
enum class command_delivery {
  /// Sent again once connected: nothing acknowledged is lost, and a command
  /// Redis had already run runs twice, so duplicates are bounded by the
  /// commands in flight on that one connection when it broke. One thread's
  /// commands keep their order (the resent ones go first).
  at_least_once,
  /// Failed with errc::connection_lost: nothing runs twice; a command that
  /// failed so may or may not have run.
  at_most_once,
};

} // namespace redactor
