// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace redactor::detail {

/// Reads big-endian integers from a byte range. Every read checks the
/// remaining length first; a failed read leaves the reader unchanged.
class big_endian_reader {
 public:
  explicit big_endian_reader(std::string_view bytes, std::size_t pos = 0)
      : bytes_(bytes), pos_(pos) {
    // nop
  }

  std::size_t position() const noexcept { return pos_; }

  std::size_t remaining() const noexcept {
    return pos_ <= bytes_.size() ? bytes_.size() - pos_ : 0;
  }

  std::string_view rest() const noexcept {
    return bytes_.substr(pos_ <= bytes_.size() ? pos_ : bytes_.size());
  }

  template <class Int>
  bool read(Int& out) noexcept {
    if (remaining() < sizeof(Int))
      return false;
    Int value = 0;
    for (std::size_t i = 0; i < sizeof(Int); ++i)
      value = static_cast<Int>((value << 8) |
                               static_cast<std::uint8_t>(bytes_[pos_ + i]));
    out = value;
    pos_ += sizeof(Int);
    return true;
  }

  bool read_bytes(std::size_t n, std::string_view& out) noexcept {
    if (remaining() < n)
      return false;
    out = bytes_.substr(pos_, n);
    pos_ += n;
    return true;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_;
};

template <class Int>
void append_big_endian(std::string& out, Int value) {
  for (std::size_t i = sizeof(Int); i > 0; --i)
    out.push_back(static_cast<char>((value >> (8 * (i - 1))) & 0xFF));
}

} // namespace redactor::detail
