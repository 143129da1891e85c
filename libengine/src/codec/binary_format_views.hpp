// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include "codec/wire_header_views.hpp"
#include "redactor/result.hpp"

namespace redactor::binary_format_v1 {

/// encode() from header views: the same bytes, with no header copied
/// before it is written.
result<std::string> encode_views(const wire_headers::header_views& headers,
                                 std::string_view body);

} // namespace redactor::binary_format_v1
