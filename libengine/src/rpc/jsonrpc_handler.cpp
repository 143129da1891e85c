// SPDX-License-Identifier: MIT
#include "redactor/rpc/jsonrpc_handler.hpp"

#include "redactor/codec/wire_headers.hpp"
#include "rpc/jsonrpc_answer.hpp"

namespace redactor::rpc {

handler jsonrpc_handler(std::shared_ptr<const registry> methods) {
  if (!methods)
    throw error{
        make_error(errc::invalid_argument, "jsonrpc_handler: no methods")};
  return [methods](const message& m) -> std::optional<response> {
    auto answer = answer_jsonrpc(*methods, m.body());
    if (answer.body.empty())
      return std::nullopt;
    response r{std::move(answer.body),
               std::string{wire_headers::application_json}};
    r.failed_as = std::move(answer.failed_as);
    return r;
  };
}

} // namespace redactor::rpc
