// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include "codec/wire_header_views.hpp"
#include "redactor/header_list.hpp"
#include "redactor/result.hpp"

namespace redactor::binary_format_v1 {

/// encode() from header views: the same bytes, with no header copied
/// before it is written.
result<std::string> encode_views(const wire_headers::header_views& headers,
                                 std::string_view body);

/// decode() without the body: fills `headers` (left empty on error) and
/// returns where the body begins, so that a caller owning the frame can keep
/// its buffer as the body instead of copying it.
result<std::size_t> decode_headers(std::string_view bytes,
                                   header_list& headers);

} // namespace redactor::binary_format_v1
