// SPDX-License-Identifier: MIT
#include "detail/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace redactor::detail {
namespace {

/// utf8_sequence_length's body, called here without the exported symbol's
/// indirection: the checks below run it per character.
std::size_t sequence_length(std::string_view text, std::size_t pos) noexcept {
  auto byte = [&](std::size_t i) {
    return static_cast<std::uint8_t>(text[pos + i]);
  };
  auto continuation = [&](std::size_t i) { return (byte(i) & 0xC0) == 0x80; };
  auto left = text.size() - pos;
  auto b0 = byte(0);
  if (b0 < 0x80)
    return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF)
    return left >= 2 && continuation(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (left < 3 || !continuation(1) || !continuation(2))
      return 0;
    if (b0 == 0xE0 && byte(1) < 0xA0) // overlong
      return 0;
    if (b0 == 0xED && byte(1) >= 0xA0) // surrogate
      return 0;
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (left < 4 || !continuation(1) || !continuation(2) || !continuation(3))
      return 0;
    if (b0 == 0xF0 && byte(1) < 0x90) // overlong
      return 0;
    if (b0 == 0xF4 && byte(1) >= 0x90) // above U+10FFFF
      return 0;
    return 4;
  }
  return 0;
}

/// Whether the 8 bytes at `p` are all ASCII.
bool ascii_word(const char* p) noexcept {
  std::uint64_t word = 0;
  std::memcpy(&word, p, sizeof word);
  return (word & 0x8080808080808080u) == 0;
}

} // namespace

std::size_t utf8_sequence_length(std::string_view text,
                                 std::size_t pos) noexcept {
  return sequence_length(text, pos);
}

bool is_valid_utf8(std::string_view text) noexcept {
  // Most text on the wire is ASCII: skip it a word at a time.
  for (std::size_t pos = 0; pos < text.size();) {
    if (text.size() - pos >= 8 && ascii_word(text.data() + pos)) {
      pos += 8;
      continue;
    }
    auto n = sequence_length(text, pos);
    if (n == 0)
      return false;
    pos += n;
  }
  return true;
}

std::optional<std::size_t> utf8_prefix_bytes(std::string_view text,
                                             std::size_t chars) noexcept {
  std::size_t pos = 0;
  for (; chars > 0; --chars) {
    if (pos >= text.size())
      return std::nullopt;
    auto n = sequence_length(text, pos);
    if (n == 0)
      return std::nullopt;
    pos += n;
  }
  return pos;
}

} // namespace redactor::detail
