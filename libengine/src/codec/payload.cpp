// SPDX-License-Identifier: MIT
#include "redactor/codec/payload.hpp"

#include "codec/frame_layout.hpp"
#include "codec/json_text.hpp"
#include "codec/named_headers.hpp"
#include "codec/unwrap_payload.hpp"
#include "detail/id_generator.hpp"
#include "redactor/codec/binary_format.hpp"

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

} // namespace

payload_parts split_payload(std::string_view bytes) {
  payload_parts out;
  if (binary_format_v1::is_frame(bytes)) {
    auto at = binary_format_v1::read_layout(bytes, out.named);
    if (at) {
      out.unwrapped.format = payload_format::binary_v1;
      out.frame = *at;
      return out;
    }
    out.unwrapped.frame_error = at.error();
  }
  if (!read_envelope(bytes, out.unwrapped))
    out.unwrapped.format = payload_format::raw;
  return out;
}

decoded_payload unwrap_payload(std::string_view bytes) {
  auto parts = split_payload(bytes);
  auto& out = parts.unwrapped;
  if (out.format == payload_format::binary_v1) {
    binary_format_v1::read_all({bytes, parts.frame}, out.headers);
    out.body.assign(bytes.substr(parts.frame.body_at));
  } else if (out.format == payload_format::raw) {
    out.body.assign(bytes);
  }
  return std::move(out);
}

decoded_payload decode_payload(std::string_view bytes) {
  auto out = unwrap_payload(bytes);
  auto at = locate_named_headers(out.headers);
  const std::string generated =
      at.needs_generated_id() ? detail::new_uuid4() : std::string{};
  auto value = [&](named_headers::name n, const std::string& otherwise) {
    return at[n].found() ? out.headers[at[n].index].value : otherwise;
  };
  out.correlation_id = value(named_headers::correlation_id, generated);
  out.message_id = value(named_headers::message_id, generated);
  out.reply_to = value(named_headers::reply_to, {});
  out.content_type = value(named_headers::content_type, {});
  return out;
}

} // namespace redactor
