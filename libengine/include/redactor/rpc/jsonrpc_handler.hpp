// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include "redactor/handler.hpp"
#include "redactor/rpc/registry.hpp"

namespace redactor::rpc {

/// A handler that serves `methods` with JSON-RPC 2.0 envelopes
/// (https://www.jsonrpc.org/specification), for any subscription; a list
/// is the usual one:
///   b.subscribe(list_sub{"calc.jsonrpc"}, jsonrpc_handler(methods));
///
/// The message body is a request, a notification or a batch; params may be
/// an array (by position) or an object (by declared parameter name). The
/// answer (application/json) is the handler's response, so it goes to the
/// request's reply_to like any reply (reply_address.hpp): a single object,
/// an array for a batch, nothing when there were only notifications.
///
/// Error codes: -32700 parse error, -32600 invalid request, -32601 method
/// not found, -32602 invalid params (wrong arity, names or types; the
/// detail in "data"), -32603 internal error (a result that cannot be
/// encoded, such as a non-finite number), -32000 with the exception's text
/// as message when the method threw.
handler jsonrpc_handler(std::shared_ptr<const registry> methods);

} // namespace redactor::rpc
