// SPDX-License-Identifier: MIT
#include "redactor/header_list.hpp"

#include <algorithm>

namespace redactor {

const std::string* find_header(const header_list& headers,
                               std::string_view name) noexcept {
  auto i = std::find_if(headers.begin(), headers.end(),
                        [name](const header& h) { return h.name == name; });
  return i == headers.end() ? nullptr : &i->value;
}

void set_header(header_list& headers, std::string_view name,
                std::string_view value) {
  auto i = std::find_if(headers.begin(), headers.end(),
                        [name](const header& h) { return h.name == name; });
  if (i != headers.end())
    i->value.assign(value);
  else
    headers.push_back({std::string{name}, std::string{value}});
}

} // namespace redactor
