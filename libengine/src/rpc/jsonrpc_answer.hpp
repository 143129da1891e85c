// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "redactor/response.hpp"
#include "redactor/rpc/registry.hpp"

namespace redactor::rpc {

/// What one JSON-RPC 2.0 message (a request, a notification or a batch)
/// gets back, however it arrived.
struct jsonrpc_answer {
  /// A response object, or an array for a batch; empty when there is
  /// nothing to send (only notifications).
  std::string body;
  /// What the message counts as in metrics (response::failed_as): its first
  /// failure; empty when every call succeeded.
  std::string failed_as;
  /// The id of the first response (null when none has one): the list a
  /// bare request's answer goes to.
  boost::json::value first_id;
};

/// Runs every call of `body` against `methods`. Never throws.
jsonrpc_answer answer_jsonrpc(const registry& methods, std::string_view body);

/// The answer as a handler's response (application/json, counted as its
/// first failure); none when there is nothing to send.
std::optional<response> to_response(jsonrpc_answer answer);

} // namespace redactor::rpc
