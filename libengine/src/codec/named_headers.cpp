// SPDX-License-Identifier: MIT
#include "codec/named_headers.hpp"

#include <algorithm>
#include <string_view>

#include "redactor/codec/wire_headers.hpp"

namespace redactor {

named_headers locate_named_headers(const header_list& headers) {
  named_headers at;
  auto count = std::min<std::size_t>(headers.size(), named_headers::absent);
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto& name = headers[i].name;
    auto first = [&](std::uint32_t& found, std::string_view wanted) {
      if (found == named_headers::absent && name == wanted)
        found = i;
    };
    first(at.correlation_id, wire_headers::correlation_id);
    first(at.message_id, wire_headers::message_id);
    first(at.reply_to, wire_headers::reply_to);
    first(at.content_type, wire_headers::content_type);
  }
  return at;
}

} // namespace redactor
