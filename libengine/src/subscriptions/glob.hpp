// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

namespace redactor::subscriptions {

/// Whether `text` matches the glob `pattern` as PSUBSCRIBE matches channel
/// names: `*` any run, `?` one byte, `[abc]`, `[^abc]` and `[a-z]` classes,
/// `\` quoting the next byte; case-sensitive. Linear in the text for each
/// `*`, with no recursion, whatever the pattern.
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace redactor::subscriptions
