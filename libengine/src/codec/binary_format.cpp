// SPDX-License-Identifier: MIT
#include "redactor/codec/binary_format.hpp"

#include <algorithm>

#include "codec/binary_format_views.hpp"
#include "codec/frame_layout.hpp"
#include "codec/named_headers.hpp"
#include "detail/big_endian.hpp"
#include "detail/utf8.hpp"

namespace redactor::binary_format_v1 {
namespace {

using detail::big_endian_reader;

/// Where the fixed part of a frame ends: magic, version and two offsets.
constexpr std::size_t fixed_part = 18;

/// How a u16 header length field is read.
enum class length_unit {
  /// As written by this encoder and by the spec: bytes.
  bytes,
  /// As written by FastStream 0.7.4 (Python len(str)): code points.
  characters,
};

/// Reads one length-prefixed UTF-8 string.
bool read_text(big_endian_reader& in, length_unit unit, std::string_view& out,
               error_info& err) {
  auto at = in.position();
  std::uint16_t len = 0;
  if (!in.read(len)) {
    err = make_error(errc::truncated, "header length at offset " +
                                          std::to_string(at) +
                                          " runs past the end of the frame");
    return false;
  }
  std::size_t n = len;
  if (unit == length_unit::characters) {
    auto bytes = detail::utf8_prefix_bytes(in.rest(), len);
    if (!bytes) {
      err = make_error(errc::truncated, "no " + std::to_string(len) +
                                            " characters at offset " +
                                            std::to_string(at + 2));
      return false;
    }
    n = *bytes;
  }
  if (!in.read_bytes(n, out)) {
    err = make_error(errc::truncated, "header text of " + std::to_string(n) +
                                          " bytes at offset " +
                                          std::to_string(at + 2) +
                                          " runs past the end of the frame");
    return false;
  }
  if (!detail::is_valid_utf8(out)) {
    err = make_error(errc::invalid_utf8,
                     "header text at offset " + std::to_string(at + 2));
    return false;
  }
  return true;
}

/// Where checked headers go: decode() keeps them, read_layout() does not.
struct header_list_sink {
  header_list& out;
  void reserve(std::size_t n) { out.reserve(n); }
  void add(std::string_view name, std::string_view value) {
    out.push_back({std::string{name}, std::string{value}});
  }
  void clear() noexcept { out.clear(); }
};

/// read_layout() keeps where the named headers are.
struct named_header_sink {
  std::string_view frame;
  named_headers& found;
  std::uint32_t position = 0;

  void reserve(std::size_t) noexcept {}
  void add(std::string_view name, std::string_view value) noexcept {
    // Offsets fit: a frame's header block ends before data_start, a u32.
    auto offset = static_cast<std::uint32_t>(value.data() - frame.data());
    note_named_header(found, position++, name,
                      {named_headers::absent, offset,
                       static_cast<std::uint32_t>(value.size())});
  }
  void clear() noexcept {
    found = {};
    position = 0;
  }
};

/// Reads the header block at `headers_begin`; returns the offset it ends at.
template <class Sink>
result<std::size_t> read_headers(std::string_view bytes,
                                 std::size_t headers_begin, length_unit unit,
                                 Sink& out) {
  big_endian_reader in{bytes, headers_begin};
  std::uint16_t count = 0;
  if (!in.read(count))
    return make_error(errc::truncated, "header count at offset " +
                                           std::to_string(headers_begin) +
                                           " runs past the end of the frame");
  // Each header takes at least 4 bytes; never reserve by the raw count.
  out.reserve(std::min<std::size_t>(count, in.remaining() / 4));
  error_info err;
  for (std::uint16_t i = 0; i < count; ++i) {
    std::string_view name;
    std::string_view value;
    if (!read_text(in, unit, name, err) || !read_text(in, unit, value, err))
      return err;
    out.add(name, value);
  }
  return in.position();
}

/// Checks a frame, giving its headers to `headers`.
template <class Sink>
result<frame_layout> read_frame(std::string_view bytes, Sink& headers) {
  if (bytes.substr(0, magic.size()) != magic)
    return make_error(errc::protocol_violation,
                      "not a BinaryMessageFormatV1 frame: magic missing");
  big_endian_reader in{bytes, magic.size()};
  std::uint16_t v = 0;
  frame_layout at;
  if (!in.read(v))
    return make_error(errc::truncated, "frame ends inside the version field");
  if (v != version)
    return make_error(errc::unsupported_version,
                      "version " + std::to_string(v) + ", expected 1");
  if (!in.read(at.headers_at) || !in.read(at.body_at))
    return make_error(errc::truncated,
                      "frame of " + std::to_string(bytes.size()) +
                          " bytes ends inside the offset fields");
  if (at.headers_at < fixed_part || at.headers_at > bytes.size())
    return make_error(errc::bad_offset,
                      "headers_start " + std::to_string(at.headers_at) +
                          " outside 18.." + std::to_string(bytes.size()));
  if (at.body_at > bytes.size())
    return make_error(errc::bad_offset,
                      "data_start " + std::to_string(at.body_at) +
                          " past the end of a frame of " +
                          std::to_string(bytes.size()) + " bytes");
  auto end = read_headers(bytes, at.headers_at, length_unit::bytes, headers);
  if (end && at.body_at < *end)
    end = make_error(errc::bad_offset,
                     "data_start " + std::to_string(at.body_at) +
                         " lies inside the header block ending at " +
                         std::to_string(*end));
  if (!end) {
    // FastStream 0.7.4 counts header lengths in characters. Accept its
    // frames when that reading lands exactly on data_start.
    headers.clear();
    auto alt =
        read_headers(bytes, at.headers_at, length_unit::characters, headers);
    if (!alt || *alt != at.body_at) {
      headers.clear();
      return end.error();
    }
    at.lengths_in_characters = true;
  }
  return at;
}

} // namespace

bool is_frame(std::string_view bytes) noexcept {
  std::uint16_t v = 0;
  big_endian_reader in{bytes, magic.size()};
  return bytes.substr(0, magic.size()) == magic && in.read(v) && v == version;
}

namespace {

/// The encoder for header_list and for header views alike.
template <class Headers>
result<std::string> encode_headers(const Headers& headers,
                                   std::string_view body) {
  if (headers.size() > max_headers)
    return make_error(errc::unencodable,
                      std::to_string(headers.size()) +
                          " headers; a frame holds at most 65535");
  std::size_t block = 0;
  for (const auto& h : headers) {
    if (h.name.size() > max_header_bytes || h.value.size() > max_header_bytes)
      return make_error(
          errc::unencodable,
          "header '" + std::string{std::string_view{h.name}.substr(0, 64)} +
              "' is longer than 65535 bytes");
    block += 4 + h.name.size() + h.value.size();
  }
  auto data_start = fixed_part + 2 + block;
  if (data_start > 0xFFFFFFFFu)
    return make_error(errc::unencodable, "header block exceeds 4 GiB");
  std::string out;
  out.reserve(data_start + body.size());
  out.append(magic);
  detail::append_big_endian(out, version);
  detail::append_big_endian(out, headers_start);
  detail::append_big_endian(out, static_cast<std::uint32_t>(data_start));
  detail::append_big_endian(out, static_cast<std::uint16_t>(headers.size()));
  for (const auto& h : headers) {
    detail::append_big_endian(out, static_cast<std::uint16_t>(h.name.size()));
    out.append(h.name);
    detail::append_big_endian(out, static_cast<std::uint16_t>(h.value.size()));
    out.append(h.value);
  }
  out.append(body);
  return out;
}

} // namespace

result<std::string> encode(const header_list& headers, std::string_view body) {
  return encode_headers(headers, body);
}

result<std::string> encode_views(const wire_headers::header_views& headers,
                                 std::string_view body) {
  return encode_headers(headers, body);
}

result<frame> decode(std::string_view bytes) {
  frame out;
  header_list_sink headers{out.headers};
  auto at = read_frame(bytes, headers);
  if (!at)
    return at.error();
  out.body.assign(bytes.substr(at->body_at));
  return out;
}

result<frame_layout> read_layout(std::string_view bytes, named_headers& named) {
  named_header_sink headers{bytes, named};
  return read_frame(bytes, headers);
}

header_reader::header_reader(std::string_view frame,
                             const frame_layout& at) noexcept
    : in_(frame, at.headers_at), in_characters_(at.lengths_in_characters) {
  if (!in_.read(left_))
    left_ = 0;
}

bool header_reader::next(std::string_view& name,
                         std::string_view& value) noexcept {
  if (left_ == 0)
    return false;
  --left_;
  // Checked by read_layout(): a failure here means a frame it never saw.
  if (next_text(name) && next_text(value))
    return true;
  left_ = 0;
  return false;
}

bool header_reader::next_text(std::string_view& out) noexcept {
  std::uint16_t len = 0;
  if (!in_.read(len))
    return false;
  std::size_t n = len;
  if (in_characters_) {
    auto bytes = detail::utf8_prefix_bytes(in_.rest(), len);
    if (!bytes)
      return false;
    n = *bytes;
  }
  return in_.read_bytes(n, out);
}

void read_all(header_reader in, header_list& out) {
  out.reserve(out.size() + in.left());
  std::string_view name;
  std::string_view value;
  while (in.next(name, value))
    out.push_back({std::string{name}, std::string{value}});
}

} // namespace redactor::binary_format_v1
