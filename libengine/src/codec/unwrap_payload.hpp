// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "codec/frame_layout.hpp"
#include "codec/named_headers.hpp"
#include "redactor/codec/payload.hpp"

namespace redactor {

/// decode_payload without the named headers copied out: the format, the
/// headers, the body and the frame error; correlation_id, message_id,
/// reply_to and content_type stay empty.
decoded_payload unwrap_payload(std::string_view bytes);

/// What unwrap_payload finds, with nothing copied out of a frame.
struct payload_parts {
  /// The format and the frame error; an envelope's headers and body (its
  /// JSON is parsed to find them anyway). Nothing else is filled.
  decoded_payload unwrapped;
  /// binary_v1: where the frame keeps its headers and its body.
  binary_format_v1::frame_layout frame;
  /// binary_v1: where its named headers are.
  named_headers named;
};

payload_parts split_payload(std::string_view bytes);

} // namespace redactor
