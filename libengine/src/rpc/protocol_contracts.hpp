// SPDX-License-Identifier: MIT
#pragma once

#include "redactor/handler.hpp"
#include "redactor/rpc/registry.hpp"

namespace redactor::rpc {

/// What the AsyncAPI document says of a RedisRPC server of `methods`:
/// its request and response bodies, answered on the request's
/// response_queue.
handler_contract redisrpc_contract(const registry& methods);

/// The same for a JSON-RPC 2.0 server over a list: single requests and
/// batches; bare requests are answered on the list their id names, framed
/// ones on their reply_to.
handler_contract jsonrpc_contract(const registry& methods);

/// The same for jsonrpc_handler(), which reads FastStream frames only.
handler_contract framed_jsonrpc_contract(const registry& methods);

} // namespace redactor::rpc
