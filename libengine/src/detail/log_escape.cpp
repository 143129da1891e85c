// SPDX-License-Identifier: MIT
#include "detail/log_escape.hpp"

#include <algorithm>
#include <cstdint>

#include "detail/utf8.hpp"

namespace redactor::detail {
namespace {

void append_hex(std::string& out, std::uint8_t byte) {
  static constexpr char digits[] = "0123456789abcdef";
  out += "\\x";
  out += digits[byte >> 4];
  out += digits[byte & 0xF];
}

bool plain_ascii(char c) {
  return c >= 0x20 && c < 0x7F;
}

} // namespace

std::string escape_for_log(std::string_view text) {
  if (std::all_of(text.begin(), text.end(), plain_ascii))
    return std::string{text};
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t pos = 0; pos < text.size();) {
    auto byte = static_cast<std::uint8_t>(text[pos]);
    if (plain_ascii(text[pos])) {
      out += text[pos++];
      continue;
    }
    if (byte == '\n' || byte == '\r' || byte == '\t') {
      out += byte == '\n' ? "\\n" : byte == '\r' ? "\\r" : "\\t";
      ++pos;
      continue;
    }
    auto n = byte < 0x80 ? 0 : utf8_sequence_length(text, pos);
    // U+0080..U+009F (C2 80..C2 9F) are controls too: U+009B starts a CSI.
    bool c1 = n == 2 && byte == 0xC2 &&
              static_cast<std::uint8_t>(text[pos + 1]) < 0xA0;
    if (n == 0 || c1) {
      for (std::size_t i = 0; i < std::max<std::size_t>(n, 1); ++i)
        append_hex(out, static_cast<std::uint8_t>(text[pos + i]));
      pos += std::max<std::size_t>(n, 1);
      continue;
    }
    out.append(text.substr(pos, n));
    pos += n;
  }
  return out;
}

log_sink escaping_log(log_sink user) {
  if (!user)
    user = stderr_log();
  auto min_level = user.min_level();
  return {[user = std::move(user)](const log_record& r) {
            auto text = escape_for_log(r.text);
            auto subscription = escape_for_log(r.subscription);
            auto correlation_id = escape_for_log(r.correlation_id);
            auto destination = escape_for_log(r.destination);
            user(log_record{r.level, text, subscription, correlation_id,
                            destination});
          },
          min_level};
}

std::string quoted_excerpt(std::string_view payload) {
  constexpr std::size_t shown = 64;
  return "'" + std::string{payload.substr(0, shown)} +
         (payload.size() > shown ? "...'" : "'");
}

} // namespace redactor::detail
