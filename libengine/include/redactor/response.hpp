// SPDX-License-Identifier: MIT
#pragma once

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

  response() = default;
  response(std::string body, std::string content_type = {})
      : body(std::move(body)), content_type(std::move(content_type)) {
    // nop
  }
};

} // namespace redactor
