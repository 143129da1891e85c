// SPDX-License-Identifier: MIT
#include "redactor/json.hpp"

#include "codec/json_text.hpp"

namespace redactor {

std::string to_json_text(const boost::json::value& value) {
  return json_text::write(value).value();
}

boost::json::value parse_json(std::string_view text) {
  return json_text::read(text).value();
}

namespace detail {

void throw_json_mismatch(const std::string& path, const std::string& why) {
  throw error{make_error(
      errc::invalid_json,
      (path.empty() ? std::string{"the value"} : "field '" + path + "'") +
          ": " + why)};
}

void throw_json_missing(const std::string& path) {
  throw error{
      make_error(errc::invalid_json, "field '" + path + "' is missing")};
}

const char* json_kind(const boost::json::value& value) noexcept {
  switch (value.kind()) {
  case boost::json::kind::null:
    return "null";
  case boost::json::kind::bool_:
    return "a boolean";
  case boost::json::kind::int64:
  case boost::json::kind::uint64:
    return "an integer";
  case boost::json::kind::double_:
    return "a number with a fraction";
  case boost::json::kind::string:
    return "a string";
  case boost::json::kind::array:
    return "an array";
  case boost::json::kind::object:
    break;
  }
  return "an object";
}

} // namespace detail
} // namespace redactor
