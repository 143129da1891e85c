// SPDX-License-Identifier: MIT
#include "codec/named_headers.hpp"

#include <string_view>

#include "redactor/codec/wire_headers.hpp"

namespace redactor {

namespace {

/// Which of the headers, seen in order through `next(name)`, come first
/// under each name.
template <class Next>
named_headers locate(Next next) {
  named_headers at;
  std::string_view name;
  for (std::uint32_t i = 0; i < named_headers::absent && next(name); ++i) {
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

} // namespace

named_headers locate_named_headers(const header_list& headers) {
  auto h = headers.begin();
  return locate([&](std::string_view& name) {
    if (h == headers.end())
      return false;
    name = (h++)->name;
    return true;
  });
}

named_headers locate_named_headers(binary_format_v1::header_reader headers) {
  std::string_view value;
  return locate(
      [&](std::string_view& name) { return headers.next(name, value); });
}

} // namespace redactor
