// SPDX-License-Identifier: MIT
#include "redactor/codec/wire_headers.hpp"

namespace redactor::wire_headers {

header_list build(std::string_view correlation_id_value,
                  std::string_view content_type_value,
                  std::string_view reply_to_value,
                  const header_list& user_headers) {
  header_list out;
  out.reserve(3 + user_headers.size());
  out.push_back(
      {std::string{correlation_id}, std::string{correlation_id_value}});
  if (!content_type_value.empty())
    out.push_back({std::string{content_type}, std::string{content_type_value}});
  if (!reply_to_value.empty())
    out.push_back({std::string{reply_to}, std::string{reply_to_value}});
  for (const auto& h : user_headers)
    set_header(out, h.name, h.value);
  return out;
}

} // namespace redactor::wire_headers
