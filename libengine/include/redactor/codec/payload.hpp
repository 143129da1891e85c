// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "redactor/error.hpp"
#include "redactor/header_list.hpp"

namespace redactor {

/// How a received payload was recognised.
enum class payload_format {
  /// BinaryMessageFormatV1 (magic and version matched).
  binary_v1,
  /// The legacy JSON envelope {"data": "...", "headers": {...}} of
  /// FastStream up to 0.6.
  json_envelope,
  /// Anything else: the whole payload is the body and there are no headers.
  raw,
};

/// A received payload, unwrapped.
struct decoded_payload {
  payload_format format = payload_format::raw;
  header_list headers;
  std::string body;
  /// The correlation_id header, or a generated id when absent.
  std::string correlation_id;
  /// The message_id header, or the same generated id when absent.
  std::string message_id;
  /// The reply_to header, or empty.
  std::string reply_to;
  /// The content-type header, or empty.
  std::string content_type;
  /// Set when the payload carried the binary magic and version but the frame
  /// was broken; the payload was then handled as FastStream would (envelope
  /// or raw) and this says why the frame was refused.
  std::optional<error_info> frame_error;
};

/// Unwraps a payload exactly as FastStream 0.7.4 does on receive
/// (BinaryMessageFormatV1.parse): a binary frame when magic and version
/// match, else the legacy JSON envelope (an object whose "data" is a string,
/// with optional "headers"), else raw bytes. Never fails and never throws
/// on bad input; thread-safe.
decoded_payload decode_payload(std::string_view bytes);

} // namespace redactor
