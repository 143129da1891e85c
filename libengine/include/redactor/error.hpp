// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <string>
#include <system_error>

namespace redactor {

/// Every failure Redactor reports, whether thrown or returned in a result.
enum class errc {
  /// The input ended before a field it announced.
  truncated = 1,
  /// A length or offset points outside the input or into the wrong part.
  bad_offset,
  /// The frame carries a format version this build does not understand.
  unsupported_version,
  /// Text that must be UTF-8 is not.
  invalid_utf8,
  /// The input is not well-formed JSON.
  invalid_json,
  /// JSON nests deeper than the decoder allows.
  too_deep,
  /// Well-formed input that breaks the protocol (missing or mistyped member).
  protocol_violation,
  /// A value has no representation on the wire (an oversized header, a
  /// non-finite number).
  unencodable,
  /// A setting or argument the caller gave is not acceptable.
  invalid_argument,
  /// Redis could not be reached, or refused the credentials.
  connection_failed,
  /// The connection broke while a command was in flight; it may or may not
  /// have run.
  connection_lost,
  /// A request got no reply within its timeout.
  timeout,
  /// A request was refused because max_pending_requests are already
  /// waiting for their replies.
  too_many_pending,
  /// The responder reported a failure: its handler threw (the detail is
  /// the exception text), or a RedisRPC / JSON-RPC server answered with an
  /// exception or error object.
  remote_error,
  /// The test broker (redactor::testing::test_broker) found no
  /// subscription for a request's destination; a broker on Redis cannot
  /// tell, and times out instead.
  no_subscriber,
  /// A wait was refused because only the waiting thread could deliver what
  /// it waits for: a future's get() on the engine's I/O thread (in a
  /// non-blocking handler or a callback), or stop() there.
  would_deadlock,
  /// Redis answered a command with an error (NOPERM, WRONGTYPE, OOM,
  /// READONLY...); the detail carries Redis's words.
  refused,
  /// A durable publish ran on the master, but fewer replicas than asked
  /// confirmed it within its timeout: a failover may lose it.
  under_replicated,
  /// The broker is not running: the call came before start() or after
  /// stop() (the detail says which, where it is known).
  not_running,
};

/// The category of redactor::errc; its name is "redactor".
const std::error_category& error_category() noexcept;

std::error_code make_error_code(errc code) noexcept;

/// An error code with a sentence saying what exactly went wrong.
struct error_info {
  std::error_code code;
  std::string detail;

  /// "<category message>: <detail>".
  std::string message() const;
};

error_info make_error(errc code, std::string detail);

/// Thrown by synchronous calls, and by result<T>::value() on an error.
class error : public std::runtime_error {
 public:
  explicit error(error_info info);

  const error_info& info() const noexcept { return info_; }

  const std::error_code& code() const noexcept { return info_.code; }

 private:
  error_info info_;
};

} // namespace redactor

namespace std {
template <>
struct is_error_code_enum<redactor::errc> : true_type {};
} // namespace std
