// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/value.hpp>

#include "redactor/result.hpp"

/// JSON-RPC 2.0 envelopes (https://www.jsonrpc.org/specification): requests,
/// notifications, results, errors and batches.
namespace redactor::jsonrpc {

/// The standard error codes.
enum class error_code : int {
  parse_error = -32700,
  invalid_request = -32600,
  method_not_found = -32601,
  invalid_params = -32602,
  internal_error = -32603,
};

struct error_object {
  int code = 0;
  std::string message;
  /// Optional extra detail; null means absent.
  boost::json::value data;
};

/// An error object with the standard message for `code`.
error_object make_error_object(error_code code, boost::json::value data = {});

struct request {
  /// A string or a number, or null; meaningless for notifications.
  boost::json::value id;
  /// True when the request has no "id" member: it gets no response.
  bool notification = false;
  std::string method;
  /// An array or an object; null when the request has no "params".
  boost::json::value params;
};

struct response {
  boost::json::value id;
  /// The result, or the error.
  std::variant<boost::json::value, error_object> outcome;
};

/// One entry of a received message: a request to run, or an error response
/// that is already decided (the entry was not a valid request).
using entry = std::variant<request, response>;

struct incoming {
  /// True for a non-empty array: responses go back as an array.
  bool batch = false;
  std::vector<entry> entries;
};

/// Takes arbitrary bytes. Unparseable text gives one parse_error response;
/// an empty array or a non-object gives one invalid_request response.
incoming decode_requests(std::string_view bytes);

/// The reply to send: one object, or an array when `batch`; an empty string
/// when there is nothing to send (only notifications).
result<std::string> encode_responses(bool batch,
                                     const std::vector<response>& responses);

/// Client side: a request or notification object.
result<std::string> encode_request(const request& req);

/// Client side: a single response or a batch of them.
result<std::vector<response>> decode_responses(std::string_view bytes);

} // namespace redactor::jsonrpc
