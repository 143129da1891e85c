// SPDX-License-Identifier: MIT
#include "processing/message_access.hpp"

#include <algorithm>
#include <string_view>

#include "codec/unwrap_payload.hpp"
#include "detail/id_generator.hpp"
#include "redactor/codec/wire_headers.hpp"

namespace redactor::processing {

message message_access::decode(const redis::inbound& in,
                               const message_source& from) {
  auto decoded = unwrap_payload(in.payload);
  message m;
  m.body_ = std::move(decoded.body);
  m.format_ = decoded.format;
  m.headers_ = std::move(decoded.headers);
  locate_named_headers(m);
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

void message_access::locate_named_headers(message& m) {
  auto count = std::min<std::size_t>(m.headers_.size(), message::absent);
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto& name = m.headers_[i].name;
    auto first = [&](std::uint32_t& at, std::string_view wanted) {
      if (at == message::absent && name == wanted)
        at = i;
    };
    first(m.correlation_id_at_, wire_headers::correlation_id);
    first(m.message_id_at_, wire_headers::message_id);
    first(m.reply_to_at_, wire_headers::reply_to);
    first(m.content_type_at_, wire_headers::content_type);
  }
  if (m.correlation_id_at_ == message::absent ||
      m.message_id_at_ == message::absent)
    m.generated_id_ = detail::new_uuid4();
}

} // namespace redactor::processing
