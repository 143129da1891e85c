// SPDX-License-Identifier: MIT
#include "redactor/rpc/jsonrpc_handler.hpp"

#include "rpc/jsonrpc_answer.hpp"
#include "rpc/protocol_contracts.hpp"

namespace redactor::rpc {

handler jsonrpc_handler(std::shared_ptr<const registry> methods) {
  if (!methods)
    throw error{
        make_error(errc::invalid_argument, "jsonrpc_handler: no methods")};
  return handler{[methods](const message& m) {
           return to_response(answer_jsonrpc(*methods, m.body()));
         }}
      .declare(framed_jsonrpc_contract(*methods));
}

} // namespace redactor::rpc
