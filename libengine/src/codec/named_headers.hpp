// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include "codec/frame_layout.hpp"
#include "redactor/header_list.hpp"

namespace redactor {

/// Where the headers read by name sit in a decoded header list: the first
/// header of each name wins. A payload missing its correlation_id or its
/// message_id gets one generated id for both, as in FastStream.
struct named_headers {
  static constexpr std::uint32_t absent = UINT32_MAX;

  std::uint32_t correlation_id = absent;
  std::uint32_t message_id = absent;
  std::uint32_t reply_to = absent;
  std::uint32_t content_type = absent;

  /// Whether an id has to be generated.
  bool needs_generated_id() const noexcept {
    return correlation_id == absent || message_id == absent;
  }
};

/// The positions of the named headers in `headers` (those past `absent`
/// are never found).
named_headers locate_named_headers(const header_list& headers);
/// The same, over a checked frame's headers where they are.
named_headers locate_named_headers(binary_format_v1::header_reader headers);

} // namespace redactor
