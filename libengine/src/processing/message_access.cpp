// SPDX-License-Identifier: MIT
#include "processing/message_access.hpp"

#include "codec/named_headers.hpp"
#include "codec/unwrap_payload.hpp"

namespace redactor::processing {

message message_access::decode(const redis::inbound& in,
                               const message_source& from) {
  return assemble(unwrap_payload(in.payload), in.id, in.channel, from);
}

message message_access::decode(redis::inbound&& in,
                               const message_source& from) {
  return assemble(unwrap_payload(std::move(in.payload)), std::move(in.id),
                  std::move(in.channel), from);
}

message message_access::decode_taking_payload(redis::inbound& in,
                                              const message_source& from) {
  return assemble(unwrap_payload(std::move(in.payload)), in.id,
                  std::move(in.channel), from);
}

message message_access::assemble(decoded_payload decoded, std::string id,
                                 std::string channel,
                                 const message_source& from) {
  message m;
  m.body_ = std::move(decoded.body);
  m.format_ = decoded.format;
  m.headers_ = std::move(decoded.headers);
  point_at_named_headers(m);
  m.decode_error_ = std::move(decoded.frame_error);
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

void message_access::point_at_named_headers(message& m) {
  static_assert(named_headers::absent == message::absent);
  auto at = locate_named_headers(m.headers_);
  m.correlation_id_at_ = at.correlation_id;
  m.message_id_at_ = at.message_id;
  m.reply_to_at_ = at.reply_to;
  m.content_type_at_ = at.content_type;
  if (at.needs_generated_id())
    m.generated_id_.expect();
}

} // namespace redactor::processing
