// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "redactor/result.hpp"

/// JSON text in and out for the JSON-based protocols, with the limits and
/// number formatting those protocols need.
namespace redactor::json_text {

/// Deepest nesting accepted on input. Deeper documents fail with
/// errc::too_deep instead of exhausting the stack.
inline constexpr std::size_t max_depth = 64;

struct read_options {
  /// Accept Python json.dumps' bare NaN, Infinity and -Infinity tokens (as
  /// RedisRPC's Python client sends) and read them as non-finite doubles.
  bool allow_non_finite = false;
};

/// Parses one JSON document; the whole input must be that document.
result<boost::json::value> read(std::string_view text, read_options opts = {});

/// Compact JSON. Doubles always keep a fraction or exponent ("4.0", not "4"
/// or "4E0") so that Python and Ruby peers read them back as floats. Fails
/// with errc::unencodable on non-finite numbers and on strings that are not
/// valid UTF-8.
result<std::string> write(const boost::json::value& value);

} // namespace redactor::json_text
