// SPDX-License-Identifier: MIT
#pragma once

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
};

} // namespace redactor
