// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "redactor/result.hpp"

/// The RedisRPC wire protocol (nfarring/redisrpc 0.3.x), as spoken by its
/// Python, Ruby and PHP implementations.
///
/// Request:  {"function_call": {"name": N, "args": [...], "kwargs": {...}},
///            "response_queue": Q}
/// Response: {"return_value": V} or {"exception": "text"}
namespace redactor::redisrpc {

/// A method call with positional and named arguments.
struct call {
  std::string method;
  boost::json::array args;
  boost::json::object kwargs;
};

/// A decoded request. `response_queue` is filled in whenever the request
/// names one, even when the call itself is malformed, so a server can still
/// answer with an exception.
struct decoded_request {
  std::string response_queue;
  result<call> fn;
};

/// Accepts every dialect: `args` missing, an array, or an object (PHP 8
/// named arguments: integer keys are positional, the rest are named);
/// `kwargs` missing or an object; Python's bare NaN/Infinity tokens.
decoded_request decode_request(std::string_view bytes);

/// Compact request text. Like the Python client, leaves out `args` and
/// `kwargs` when they are empty.
result<std::string> encode_request(const call& fn,
                                   std::string_view response_queue);

/// A remote failure, as reported by the server.
struct remote_exception {
  std::string text;
};

using response = std::variant<boost::json::value, remote_exception>;

/// {"return_value": v}. Fails when `v` cannot be sent (a non-finite number),
/// so the caller can answer with an exception instead.
result<std::string> encode_return_value(const boost::json::value& v);

/// {"exception": text}. An empty text becomes "unknown error", because the
/// PHP client ignores empty exceptions.
std::string encode_exception(std::string_view text);

/// Reads a response the way the reference clients do: a non-null
/// "exception" member wins, else "return_value" must be present.
result<response> decode_response(std::string_view bytes);

} // namespace redactor::redisrpc
