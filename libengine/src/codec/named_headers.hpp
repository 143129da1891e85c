// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>

#include "redactor/detail/named_headers.hpp"
#include "redactor/header_list.hpp"

namespace redactor {

using detail::named_headers;

/// Which of the named headers `name` is; named_headers::count for none.
named_headers::name named_header_of(std::string_view name) noexcept;

/// Notes the header at `position` in `found` when it is a named one and
/// the first of its name; `value` is where its value sits in a frame
/// ({0, 0} for a header list).
void note_named_header(named_headers& found, std::uint32_t position,
                       std::string_view name,
                       named_headers::spot value = {}) noexcept;

/// Where the named headers sit in `headers` (those past `absent` are never
/// found).
named_headers locate_named_headers(const header_list& headers);

} // namespace redactor
