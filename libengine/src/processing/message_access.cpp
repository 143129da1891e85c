// SPDX-License-Identifier: MIT
#include "processing/message_access.hpp"

#include "redactor/codec/payload.hpp"

namespace redactor::processing {

message message_access::decode(const redis::inbound& in,
                               const message_source& from) {
  auto decoded = decode_payload(in.payload);
  message m;
  m.body_ = std::move(decoded.body);
  m.format_ = decoded.format;
  m.headers_ = std::move(decoded.headers);
  m.correlation_id_ = std::move(decoded.correlation_id);
  m.message_id_ = std::move(decoded.message_id);
  m.reply_to_ = std::move(decoded.reply_to);
  m.content_type_ = std::move(decoded.content_type);
  m.decode_error_ = std::move(decoded.frame_error);
  m.source_ = from.kind;
  m.source_name_ = std::string{from.name};
  m.entry_id_ = in.id;
  if (from.params)
    if (auto params = from.params->match(in.channel))
      m.path_ = std::move(*params);
  m.channel_ = in.channel;
  return m;
}

} // namespace redactor::processing
