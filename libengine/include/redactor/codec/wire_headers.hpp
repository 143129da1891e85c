// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "redactor/header_list.hpp"

/// The well-known header names and how FastStream 0.7.4 orders them
/// (MessageFormat.build in faststream/redis/parser/message.py).
namespace redactor::wire_headers {

inline constexpr std::string_view correlation_id = "correlation_id";
inline constexpr std::string_view content_type = "content-type";
inline constexpr std::string_view reply_to = "reply_to";
inline constexpr std::string_view message_id = "message_id";

inline constexpr std::string_view text_plain = "text/plain";
inline constexpr std::string_view application_json = "application/json";

/// The header list FastStream writes: correlation_id (always, even empty),
/// content-type (when not empty), reply_to (when not empty), then the user
/// headers applied as a dict update, so a user header named like one of the
/// first three replaces its value in place.
header_list build(std::string_view correlation_id,
                  std::string_view content_type, std::string_view reply_to,
                  const header_list& user_headers);

} // namespace redactor::wire_headers
