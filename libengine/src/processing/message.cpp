// SPDX-License-Identifier: MIT
#include "redactor/message.hpp"

#include "detail/utf8.hpp"

namespace redactor {

std::string_view message::text() const {
  if (!detail::is_valid_utf8(body_))
    throw error{make_error(errc::invalid_utf8, "message body is not UTF-8")};
  return body_;
}

std::optional<std::string_view> message::header(std::string_view name) const {
  if (auto* v = find_header(headers_, name))
    return std::string_view{*v};
  return std::nullopt;
}

std::optional<std::string_view>
message::path_param(std::string_view name) const {
  if (auto* v = find_header(path_, name))
    return std::string_view{*v};
  return std::nullopt;
}

} // namespace redactor
