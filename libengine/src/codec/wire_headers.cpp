// SPDX-License-Identifier: MIT
#include "redactor/codec/wire_headers.hpp"

#include <algorithm>

#include "codec/wire_header_views.hpp"

namespace redactor::wire_headers {

header_views build_views(std::string_view correlation_id_value,
                         std::string_view content_type_value,
                         std::string_view reply_to_value,
                         const header_list& user_headers) {
  header_views out;
  out.push_back({correlation_id, correlation_id_value});
  if (!content_type_value.empty())
    out.push_back({content_type, content_type_value});
  if (!reply_to_value.empty())
    out.push_back({reply_to, reply_to_value});
  // A dict update: a name seen before keeps its place, with the new value.
  for (const auto& h : user_headers) {
    auto known = std::find_if(out.begin(), out.end(),
                              [&](const auto& v) { return v.name == h.name; });
    if (known != out.end())
      known->value = h.value;
    else
      out.push_back({h.name, h.value});
  }
  return out;
}

header_list build(std::string_view correlation_id_value,
                  std::string_view content_type_value,
                  std::string_view reply_to_value,
                  const header_list& user_headers) {
  auto views = build_views(correlation_id_value, content_type_value,
                           reply_to_value, user_headers);
  header_list out;
  out.reserve(views.size());
  for (const auto& v : views)
    out.push_back({std::string{v.name}, std::string{v.value}});
  return out;
}

} // namespace redactor::wire_headers
