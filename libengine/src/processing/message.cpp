// SPDX-License-Identifier: MIT
#include "redactor/message.hpp"

#include "detail/utf8.hpp"

namespace redactor {

std::string_view message::text() const {
  if (!detail::is_valid_utf8(body_))
    throw error{make_error(errc::invalid_utf8, "message body is not UTF-8")};
  return body_;
}

namespace {

const std::string& no_text() noexcept {
  static const std::string empty;
  return empty;
}

} // namespace

const std::string& message::correlation_id() const noexcept {
  return header_at(correlation_id_at_, generated_id_);
}

const std::string& message::message_id() const noexcept {
  return header_at(message_id_at_, generated_id_);
}

const std::string& message::reply_to() const noexcept {
  return header_at(reply_to_at_, no_text());
}

const std::string& message::content_type() const noexcept {
  return header_at(content_type_at_, no_text());
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
