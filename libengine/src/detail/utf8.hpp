// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace redactor::detail {

/// Length of the valid UTF-8 sequence at text[pos] (pos < size), or 0 when
/// the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view text,
                                 std::size_t pos) noexcept;

/// Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

/// The number of bytes taken by the first `chars` code points of `text`, or
/// nullopt when `text` is shorter or not valid UTF-8 on the way.
std::optional<std::size_t> utf8_prefix_bytes(std::string_view text,
                                             std::size_t chars) noexcept;

} // namespace redactor::detail
