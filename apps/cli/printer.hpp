// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <ostream>

#include <redactor/message.hpp>

namespace cli {

/// Prints received messages: readable text by default, or one JSON object
/// per line with `json`:
///   {"source":"list","name":"jobs","correlation_id":"...",
///    "headers":{"k":"v"},"body":"text"}
/// with "body_base64" instead of "body" when the body is not UTF-8, and
/// "entry_id" for stream entries. Each message is flushed at once.
class printer {
 public:
  printer(std::ostream& out, bool json) : out_(out), json_(json) {}

  /// Prints `m` whole; false when the output is gone (a closed pipe).
  bool print(const redactor::message& m);

  /// Prints the body alone: its bytes and a newline, or with `json` the
  /// body itself when it is JSON, else as a JSON string ({"body_base64":
  /// ...} when it is not UTF-8).
  bool print_body(const redactor::message& m);

 private:
  std::ostream& out_;
  bool json_;
  std::size_t seen_ = 0;
};

} // namespace cli
