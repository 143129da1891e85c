// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "redactor/codec/binary_format.hpp"

namespace redactor::test {

/// A binary frame built by hand: magic, version 1, the given offsets, then
/// `tail` (header count, headers, body) verbatim, so tests can lie in every
/// field.
inline std::string raw_frame(std::uint32_t headers_at, std::uint32_t data_at,
                             std::string_view tail) {
  std::string out{binary_format_v1::magic};
  out += std::string{"\x00\x01", 2};
  for (auto v : {headers_at, data_at})
    for (int s = 24; s >= 0; s -= 8)
      out.push_back(static_cast<char>((v >> s) & 0xFF));
  out.append(tail);
  return out;
}

} // namespace redactor::test
