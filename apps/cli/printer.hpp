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
/// "entry_id" for stream entries.
class printer {
 public:
  printer(std::ostream& out, bool json) : out_(out), json_(json) {}

  void print(const redactor::message& m);

 private:
  std::ostream& out_;
  bool json_;
  std::size_t seen_ = 0;
};

} // namespace cli
