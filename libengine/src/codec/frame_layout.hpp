// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "detail/big_endian.hpp"
#include "redactor/detail/named_headers.hpp"
#include "redactor/header_list.hpp"
#include "redactor/result.hpp"

namespace redactor::binary_format_v1 {

using detail::named_headers;

/// Where a checked frame keeps its parts: what a message needs to read its
/// headers later, from the frame itself, instead of copying them all when
/// it is decoded.
struct frame_layout {
  /// Where the header count is.
  std::uint32_t headers_at = 0;
  std::uint32_t body_at = 0;
  /// FastStream 0.7.4 counts header lengths in characters, not bytes.
  bool lengths_in_characters = false;
};

/// Checks `bytes` exactly as decode() does, copying nothing, and notes
/// where its named headers are in `named`.
result<frame_layout> read_layout(std::string_view bytes, named_headers& named);

/// Reads the headers of a frame that read_layout() accepted, in order,
/// as views into it.
class header_reader {
 public:
  header_reader(std::string_view frame, const frame_layout& at) noexcept;

  /// The next header; false after the last.
  bool next(std::string_view& name, std::string_view& value) noexcept;
  /// How many are left to read.
  std::size_t left() const noexcept { return left_; }

 private:
  bool next_text(std::string_view& out) noexcept;

  detail::big_endian_reader in_;
  std::uint16_t left_ = 0;
  bool in_characters_;
};

/// Appends every header `in` has left to `out`, as strings.
void read_all(header_reader in, header_list& out);

} // namespace redactor::binary_format_v1
