// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include "redactor/log_sink.hpp"

namespace redactor::detail {

/// `text` with every byte a terminal or a line-based log reader would act
/// on written as an escape: control characters (C0, DEL and C1, so no
/// newline or ANSI sequence gets through), and bytes that are not valid
/// UTF-8. Printable text, UTF-8 included, is unchanged.
std::string escape_for_log(std::string_view text);

/// A payload named in a log line by its first 64 bytes, quoted, with
/// "..." when there is more (escaped later, with the line).
std::string quoted_excerpt(std::string_view payload);

/// The sink the engine writes to: `user` (stderr_log() when empty), fed
/// escaped lines. Log lines carry remote strings (correlation ids, reply
/// addresses, Redis's errors), and a sender must not be able to forge
/// lines or colour a terminal through them.
log_sink escaping_log(log_sink user);

} // namespace redactor::detail
