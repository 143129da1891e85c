// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include "redactor/codec/payload.hpp"

namespace redactor {

/// decode_payload without the named headers copied out: the format, the
/// headers, the body and the frame error; correlation_id, message_id,
/// reply_to and content_type stay empty. The engine's messages find those
/// headers in place, which saves an allocation for each long value.
decoded_payload unwrap_payload(std::string_view bytes);
/// The same, with `bytes`' buffer kept as the body where it holds one (a
/// frame's or a raw payload's) instead of a copy of it.
decoded_payload unwrap_payload(std::string&& bytes);

} // namespace redactor
