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
  switch (m.format_) {
  case payload_format::binary_v1:
    // The frame stays whole: its headers are read from it when asked for.
    m.payload_ = std::move(payload);
    m.body_at_ = parts.frame.body_at;
    m.frame_headers_at_ = parts.frame.headers_at;
    m.frame_lengths_in_characters_ = parts.frame.lengths_in_characters;
    m.headers_.expect();
    m.named_ = parts.named;
    break;
  case payload_format::json_envelope:
    m.payload_ = std::move(parts.unwrapped.body);
    m.named_ = locate_named_headers(parts.unwrapped.headers);
    m.headers_.hold(std::move(parts.unwrapped.headers));
    break;
  case payload_format::raw:
    m.payload_ = std::move(payload);
    break;
  }
  if (m.named_.needs_generated_id())
    m.generated_id_.expect();
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
  return m.named(named_headers::reply_to).value_or(std::string_view{});
}

std::string_view message_access::correlation_id(const message& m) {
  if (auto id = m.named(named_headers::correlation_id))
    return *id;
  return m.generated_id_.get();
}

} // namespace redactor::processing
