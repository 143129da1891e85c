// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "redactor/header_list.hpp"
#include "redactor/result.hpp"

/// FastStream's BinaryMessageFormatV1, byte-compatible with FastStream 0.7.4
/// (faststream/redis/parser/binary.py). Layout, all integers big-endian:
///
///   0  magic "\x89BIN\r\n\x1a\n"       8 bytes
///   8  version = 1                     u16
///  10  headers_start (18 when written) u32, offset of the header count
///  14  data_start                      u32, offset of the body
///  18  header count N                  u16
///  20  N x (u16 len, name, u16 len, value)
///  data_start .. end                   body, no length and no trailer
///
/// Header lengths are written in bytes. FastStream writes them in characters,
/// which breaks on non-ASCII text; decode() repairs such frames when the
/// character-counted reading ends exactly at data_start.
///
/// Both functions are pure and thread-safe.
namespace redactor::binary_format_v1 {

inline constexpr std::string_view magic{"\x89"
                                        "BIN\r\n\x1a\n",
                                        8};
inline constexpr std::uint16_t version = 1;

/// Offset of the header count in every frame this encoder writes.
inline constexpr std::uint32_t headers_start = 18;

/// The longest header name or value the u16 length fields can describe.
inline constexpr std::size_t max_header_bytes = 0xFFFF;

/// The most headers the u16 count field can describe.
inline constexpr std::size_t max_headers = 0xFFFF;

/// A decoded frame: headers in wire order and the body.
struct frame {
  header_list headers;
  std::string body;
};

/// True when `bytes` starts with the magic and version 1, i.e. when a
/// FastStream receiver would treat it as a binary frame.
bool is_frame(std::string_view bytes) noexcept;

/// Encodes headers (in the given order) and body. Fails with
/// errc::unencodable when a name or value exceeds max_header_bytes or there
/// are more than max_headers.
result<std::string> encode(const header_list& headers, std::string_view body);

/// Decodes a frame. Takes arbitrary bytes: every length and offset is checked
/// against the input before use, nothing is allocated by an untrusted length,
/// and header text must be valid UTF-8.
result<frame> decode(std::string_view bytes);

} // namespace redactor::binary_format_v1
