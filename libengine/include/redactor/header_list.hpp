// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace redactor {

/// One message header. Names and values are UTF-8 text.
struct header {
  std::string name;
  std::string value;

  friend bool operator==(const header& x, const header& y) {
    return x.name == y.name && x.value == y.value;
  }
};

/// Message headers in wire order. Order is kept so that a decoded frame
/// re-encodes byte for byte.
using header_list = std::vector<header>;

/// The value of the first header called `name`, or nullptr.
const std::string* find_header(const header_list& headers,
                               std::string_view name) noexcept;

/// Sets `name` the way a Python dict update does: an existing header keeps
/// its position and takes the new value, a new one is appended.
void set_header(header_list& headers, std::string_view name,
                std::string_view value);

} // namespace redactor
