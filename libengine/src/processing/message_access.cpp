// SPDX-License-Identifier: MIT
#include "processing/message_access.hpp"

#include "codec/named_headers.hpp"
#include "codec/unwrap_payload.hpp"

namespace redactor::processing {

message message_access::decode(const redis::inbound& in,
                               const message_source& from) {
  return assemble(in.payload, in.id, in.channel, from);
}

message message_access::decode(redis::inbound&& in,
                               const message_source& from) {
  return assemble(std::move(in.payload), std::move(in.id),
                  std::move(in.channel), from);
}

message message_access::decode_taking_payload(redis::inbound& in,
                                              const message_source& from) {
  return assemble(std::move(in.payload), in.id, std::move(in.channel), from);
}

message message_access::assemble(std::string payload, std::string id,
                                 std::string channel,
                                 const message_source& from) {
  auto parts = split_payload(payload);
  message m;
  m.format_ = parts.unwrapped.format;
  m.decode_error_ = std::move(parts.unwrapped.frame_error);
  named_headers at;
  switch (m.format_) {
  case payload_format::binary_v1:
    // The frame stays whole: its headers are read from it when asked for.
    m.payload_ = std::move(payload);
    m.body_at_ = parts.frame.body_at;
    m.frame_headers_at_ = parts.frame.headers_at;
    m.frame_lengths_in_characters_ = parts.frame.lengths_in_characters;
    m.headers_.expect();
    at = locate_named_headers(
        binary_format_v1::header_reader{m.payload_, parts.frame});
    break;
  case payload_format::json_envelope:
    m.payload_ = std::move(parts.unwrapped.body);
    at = locate_named_headers(parts.unwrapped.headers);
    m.headers_.hold(std::move(parts.unwrapped.headers));
    break;
  case payload_format::raw:
    m.payload_ = std::move(payload);
    break;
  }
  point_at_named_headers(m, at);
  m.source_ = from.kind;
  m.source_name_ = from.name;
  m.entry_id_ = std::move(id);
  if (from.params)
    if (auto params = from.params->match(channel))
      m.path_ = std::move(*params);
  // A channel subscribed by name comes without its name (see inbound).
  m.channel_is_source_name_ =
      from.kind == source_kind::channel && !from.pattern && channel.empty();
  m.channel_ = std::move(channel);
  return m;
}

std::string_view message_access::reply_to(const message& m) {
  return m.value_at(m.reply_to_at_);
}

std::string_view message_access::correlation_id(const message& m) {
  if (m.correlation_id_at_ == message::absent)
    return m.generated_id_.get();
  return m.value_at(m.correlation_id_at_);
}

void message_access::point_at_named_headers(message& m,
                                            const named_headers& at) {
  static_assert(named_headers::absent == message::absent);
  m.correlation_id_at_ = at.correlation_id;
  m.message_id_at_ = at.message_id;
  m.reply_to_at_ = at.reply_to;
  m.content_type_at_ = at.content_type;
  if (at.needs_generated_id())
    m.generated_id_.expect();
}

} // namespace redactor::processing
