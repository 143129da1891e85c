// SPDX-License-Identifier: MIT
#include "rpc/protocol_contracts.hpp"

#include <boost/json.hpp>

namespace redactor::rpc {
namespace {

namespace json = boost::json;

json::object method_names(const registry& methods) {
  json::array names;
  for (auto& name : methods.names())
    names.emplace_back(name);
  return {{"type", "string"}, {"enum", std::move(names)}};
}

json::object jsonrpc_request(const registry& methods) {
  return {{"type", "object"},
          {"properties",
           {{"jsonrpc", {{"const", "2.0"}}},
            {"method", method_names(methods)},
            {"params", {{"type", json::array{"array", "object"}}}},
            {"id", {{"type", json::array{"string", "integer", "null"}}}}}},
          {"required", json::array{"jsonrpc", "method"}}};
}

json::object jsonrpc_response() {
  return {{"type", "object"},
          {"properties",
           {{"jsonrpc", {{"const", "2.0"}}},
            {"result", json::object{}},
            {"error",
             {{"type", "object"},
              {"properties",
               {{"code", {{"type", "integer"}}},
                {"message", {{"type", "string"}}},
                {"data", json::object{}}}},
              {"required", json::array{"code", "message"}}}},
            {"id", {{"type", json::array{"string", "integer", "null"}}}}}},
          {"required", json::array{"jsonrpc", "id"}}};
}

/// One of them, or a batch of them.
json::object one_or_batch(json::object one) {
  json::object batch{{"type", "array"}, {"items", one}, {"minItems", 1}};
  return {{"oneOf", json::array{std::move(one), std::move(batch)}}};
}

} // namespace

handler_contract redisrpc_contract(const registry& methods) {
  handler_contract c;
  c.summary = "RedisRPC: runs function_call and RPUSHes the outcome onto "
              "response_queue";
  c.payload_schema = json::serialize(json::object{
      {"type", "object"},
      {"properties",
       {{"function_call",
         {{"type", "object"},
          {"properties",
           {{"name", method_names(methods)},
            {"args", {{"type", json::array{"array", "object"}}}},
            {"kwargs", {{"type", "object"}}}}},
          {"required", json::array{"name"}}}},
        {"response_queue", {{"type", "string"}}}}},
      {"required", json::array{"function_call", "response_queue"}}});
  c.reply_schema = json::serialize(json::object{
      {"type", "object"},
      {"properties",
       {{"return_value", json::object{}}, {"exception", {{"type", "string"}}}}},
      {"oneOf",
       json::array{json::object{{"required", json::array{"return_value"}}},
                   json::object{{"required", json::array{"exception"}}}}}});
  c.reply_location = "$message.payload#/response_queue";
  return c;
}

handler_contract jsonrpc_contract(const registry& methods) {
  handler_contract c;
  c.summary = "JSON-RPC 2.0: bare requests are answered on the list their id "
              "names (RPUSH, with EXPIRE), FastStream frames on their "
              "reply_to";
  c.payload_schema = json::serialize(one_or_batch(jsonrpc_request(methods)));
  c.reply_schema = json::serialize(one_or_batch(jsonrpc_response()));
  c.reply_location = "$message.payload#/id";
  return c;
}

handler_contract framed_jsonrpc_contract(const registry& methods) {
  auto c = jsonrpc_contract(methods);
  c.summary = "JSON-RPC 2.0 in FastStream frames, answered on reply_to";
  c.reply_location.clear();
  return c;
}

} // namespace redactor::rpc
