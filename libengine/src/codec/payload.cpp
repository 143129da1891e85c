// SPDX-License-Identifier: MIT
#include "redactor/codec/payload.hpp"

#include "codec/json_text.hpp"
#include "codec/unwrap_payload.hpp"
#include "detail/id_generator.hpp"
#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/wire_headers.hpp"

namespace redactor {
namespace {

namespace json = boost::json;

/// The legacy envelope, read the way FastStream 0.7.4 reads it: any JSON
/// object whose "data" member is a string, with "headers" optional.
bool read_envelope(std::string_view bytes, decoded_payload& out) {
  auto first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || bytes[first] != '{')
    return false; // cheap exit for the common raw payload
  auto doc = json_text::read(bytes, {/*allow_non_finite=*/true});
  if (!doc)
    return false;
  const auto& obj = doc->get_object();
  auto* data = obj.if_contains("data");
  if (data == nullptr || !data->is_string())
    return false;
  out.format = payload_format::json_envelope;
  out.body.assign(data->get_string().data(), data->get_string().size());
  auto* headers = obj.if_contains("headers");
  if (headers == nullptr || !headers->is_object())
    return true;
  for (const auto& kv : headers->get_object()) {
    std::string value;
    if (auto* s = kv.value().if_string())
      value.assign(s->data(), s->size());
    else if (auto text = json_text::write(kv.value());
             text && !kv.value().is_null())
      value = std::move(*text); // numbers and the like, as JSON text

    out.headers.push_back({std::string{kv.key()}, std::move(value)});
  }
  return true;
}

std::string header_or(const header_list& headers, std::string_view name,
                      const std::string& fallback) {
  auto* value = find_header(headers, name);
  return value ? *value : fallback;
}

} // namespace

decoded_payload unwrap_payload(std::string_view bytes) {
  decoded_payload out;
  if (binary_format_v1::is_frame(bytes)) {
    auto frame = binary_format_v1::decode(bytes);
    if (frame) {
      out.format = payload_format::binary_v1;
      out.headers = std::move(frame->headers);
      out.body = std::move(frame->body);
    } else {
      out.frame_error = frame.error();
    }
  }
  if (out.format != payload_format::binary_v1 && !read_envelope(bytes, out)) {
    out.format = payload_format::raw;
    out.headers.clear();
    out.body.assign(bytes);
  }
  return out;
}

decoded_payload decode_payload(std::string_view bytes) {
  auto out = unwrap_payload(bytes);
  const std::string none;
  auto* cid = find_header(out.headers, wire_headers::correlation_id);
  auto* mid = find_header(out.headers, wire_headers::message_id);
  // One generated id serves as both fallbacks, as in FastStream.
  const std::string generated = (cid && mid) ? none : detail::new_uuid4();
  out.correlation_id = cid ? *cid : generated;
  out.message_id = mid ? *mid : generated;
  out.reply_to = header_or(out.headers, wire_headers::reply_to, none);
  out.content_type = header_or(out.headers, wire_headers::content_type, none);
  return out;
}

} // namespace redactor
