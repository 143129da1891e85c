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

/// W3C Trace Context, carried from a message to its replies and to what
/// its handler publishes.
inline constexpr std::string_view traceparent = "traceparent";
inline constexpr std::string_view tracestate = "tracestate";

/// Redactor's own headers, ignored by FastStream peers.
///
/// On a request: the time after which its answer is of no use, as Unix
/// time in milliseconds (decimal text). broker::request() always sets it;
/// a responder drops a request whose deadline has passed without running
/// its handler (counted as subscription_counts::expired). Compared with
/// the responder's wall clock, so hosts should keep their clocks in sync.
inline constexpr std::string_view deadline = "x-redactor-deadline";
/// On a reply: the responder's handler threw instead of answering. The
/// value says what failed ("handler"), the body is the exception's text
/// (text/plain). broker::request() turns such a reply into
/// errc::remote_error.
inline constexpr std::string_view error = "x-redactor-error";
inline constexpr std::string_view error_handler = "handler";

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
