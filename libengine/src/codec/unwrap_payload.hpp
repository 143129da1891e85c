// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "redactor/codec/payload.hpp"

namespace redactor {

/// decode_payload without the named headers copied out: the format, the
/// headers, the body and the frame error; correlation_id, message_id,
/// reply_to and content_type stay empty. The engine's messages find those
/// headers in place, which saves an allocation for each long value.
decoded_payload unwrap_payload(std::string_view bytes);

} // namespace redactor
