// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include <boost/container/small_vector.hpp>

#include "redactor/header_list.hpp"

namespace redactor::wire_headers {

/// A header whose name and value live elsewhere.
struct header_view {
  std::string_view name;
  std::string_view value;
};

/// Up to 8 views on the stack, which holds every frame Redactor writes
/// unless the caller adds more than five headers of its own.
using header_views = boost::container::small_vector<header_view, 8>;

/// build() as views into its arguments, which must outlive the result
/// (a temporary header_list does not): what the publish path encodes
/// without copying a header.
header_views build_views(std::string_view correlation_id,
                         std::string_view content_type,
                         std::string_view reply_to,
                         const header_list& user_headers);

} // namespace redactor::wire_headers
