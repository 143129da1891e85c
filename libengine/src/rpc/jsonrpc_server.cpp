// SPDX-License-Identifier: MIT
#include "redactor/rpc/jsonrpc_server.hpp"

#include "codec/json_text.hpp"
#include "detail/log_escape.hpp"
#include "engine/broker_access.hpp"
#include "rpc/jsonrpc_answer.hpp"
#include "rpc/protocol_contracts.hpp"

namespace redactor::rpc {
namespace {

/// Creates the reply list, pushes the answer and sets its TTL; refuses a
/// name that exists already, whatever its type, and leaves it untouched.
constexpr const char* create_reply_list =
    "if redis.call('EXISTS', KEYS[1]) == 1 then "
    "return redis.error_reply('REFUSED the reply list exists already') end "
    "redis.call('RPUSH', KEYS[1], ARGV[1]) "
    "if ARGV[2] ~= '0' then redis.call('EXPIRE', KEYS[1], ARGV[2]) end "
    "return 1";

/// The reply list an id names; empty for null (nowhere to answer).
std::string reply_list_of(const boost::json::value& id) {
  if (const auto* name = id.if_string())
    return std::string{name->data(), name->size()};
  if (id.is_number())
    return json_text::write(id).value();
  return {};
}

} // namespace

subscription_token serve_jsonrpc(broker& b, std::string list,
                                 std::shared_ptr<const registry> methods,
                                 jsonrpc_server_options options) {
  if (!methods)
    throw error{
        make_error(errc::invalid_argument, "serve_jsonrpc: no methods")};
  auto& on_redis = engine::broker_access::redis(b, "serve_jsonrpc");
  list_sub sub{list};
  sub.pop_from = options.pop_from;
  sub.clear_on_start = options.clear_queue_on_start;
  sub.max_workers = options.max_workers;
  auto ttl = std::to_string(options.reply_ttl.count());
  auto on_reply = [sink = on_redis.log(), list](const std::string& to,
                                                result<redis::reply> r) {
    if ((!r || r->is_error()) && sink)
      sink(log_level::error,
           "list " + list + ": JSON-RPC: writing the answer to '" + to +
               "' failed: " + (r ? r->str : r.error().message()));
  };
  // The gateway is asked per answer: the one of the loop this handler
  // works for, where its subscription acknowledges.
  handler serve{[methods, on_redis = &on_redis, ttl,
                 prefix = std::move(options.reply_list_prefix),
                 on_reply](const message& m) -> std::optional<response> {
    auto answer = answer_jsonrpc(*methods, m.body());
    if (m.format() != payload_format::raw)
      return to_response(std::move(answer));
    if (!answer.body.empty()) {
      auto to = reply_list_of(answer.first_id);
      if (to.empty())
        throw error{make_error(
            errc::invalid_argument,
            "JSON-RPC: " + redactor::detail::quoted_excerpt(m.body()) +
                " has no id to name a reply list: " + answer.body)};
      if (to.compare(0, prefix.size(), prefix) != 0)
        throw error{make_error(errc::invalid_argument,
                               "JSON-RPC: refused the reply list '" + to +
                                   "': it does not start with '" + prefix +
                                   "'")};
      on_redis->commands()->command(
          {"EVAL", create_reply_list, "1", to, std::move(answer.body), ttl},
          [on_reply, to](result<redis::reply> r) { on_reply(to, r); });
    }
    if (answer.failed_as.empty())
      return std::nullopt;
    // Counted, not sent: the answer went to the reply list above.
    response counted;
    counted.failed_as = std::move(answer.failed_as);
    return counted;
  }};
  return b.subscribe(sub, std::move(serve).declare(jsonrpc_contract(*methods)));
}

} // namespace redactor::rpc
