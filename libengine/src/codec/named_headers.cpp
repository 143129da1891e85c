// SPDX-License-Identifier: MIT
#include "codec/named_headers.hpp"

#include "redactor/codec/wire_headers.hpp"

namespace redactor {

named_headers::name named_header_of(std::string_view name) noexcept {
  // Most headers of a request are named ones: telling them apart by
  // length first leaves at most two comparisons.
  auto is = [&](std::string_view wanted, named_headers::name n) {
    return name == wanted ? n : named_headers::count;
  };
  switch (name.size()) {
  case wire_headers::correlation_id.size():
    return is(wire_headers::correlation_id, named_headers::correlation_id);
  case wire_headers::message_id.size():
    static_assert(wire_headers::message_id.size() ==
                  wire_headers::tracestate.size());
    return name == wire_headers::message_id
               ? named_headers::message_id
               : is(wire_headers::tracestate, named_headers::tracestate);
  case wire_headers::reply_to.size():
    return is(wire_headers::reply_to, named_headers::reply_to);
  case wire_headers::content_type.size():
    return is(wire_headers::content_type, named_headers::content_type);
  case wire_headers::deadline.size():
    return is(wire_headers::deadline, named_headers::deadline);
  case wire_headers::error.size():
    return is(wire_headers::error, named_headers::error);
  case wire_headers::traceparent.size():
    return is(wire_headers::traceparent, named_headers::traceparent);
  default:
    return named_headers::count;
  }
}

void note_named_header(named_headers& found, std::uint32_t position,
                       std::string_view name,
                       named_headers::spot value) noexcept {
  auto n = named_header_of(name);
  if (n == named_headers::count || found[n].found())
    return;
  value.index = position;
  found[n] = value;
}

named_headers locate_named_headers(const header_list& headers) {
  named_headers found;
  std::uint32_t position = 0;
  for (const auto& h : headers) {
    if (position == named_headers::absent)
      break;
    note_named_header(found, position++, h.name);
  }
  return found;
}

} // namespace redactor
