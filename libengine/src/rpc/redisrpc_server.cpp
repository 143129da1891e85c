// SPDX-License-Identifier: MIT
#include "redactor/rpc/redisrpc_server.hpp"

#include "codec/redisrpc.hpp"
#include "engine/broker_access.hpp"
#include "metrics/error_label.hpp"
#include "rpc/protocol_contracts.hpp"

namespace redactor::rpc {
namespace {

/// The response text for one request; a failure's type goes to
/// `failed_as`.
std::string answer(const registry& methods, const redisrpc::call& fn,
                   std::string& failed_as) {
  auto outcome = methods.invoke(fn.method, fn.args, fn.kwargs);
  if (auto* err = std::get_if<call_error>(&outcome)) {
    failed_as = failure_type(*err);
    return redisrpc::encode_exception(err->text);
  }
  auto text =
      redisrpc::encode_return_value(std::get<boost::json::value>(outcome));
  if (!text) {
    failed_as = "unencodable";
    return redisrpc::encode_exception("the result cannot be sent: " +
                                      text.error().message());
  }
  return std::move(text).value();
}

/// RPUSH, and EXPIRE only a list this push created: a key of another type
/// fails the push with WRONGTYPE and ends the script, untouched.
constexpr const char* push_and_expire =
    "local n = redis.call('RPUSH', KEYS[1], ARGV[1]) "
    "if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end "
    "return n";

} // namespace

subscription_token serve_redisrpc(broker& b, std::string queue,
                                  std::shared_ptr<const registry> methods,
                                  redisrpc_server_options options) {
  if (!methods)
    throw error{
        make_error(errc::invalid_argument, "serve_redisrpc: no methods")};
  list_sub sub{queue};
  sub.clear_on_start = options.clear_queue_on_start;
  sub.max_workers = options.max_workers;
  // Requests carry no reply_to: the response queue is in the body.
  sub.no_reply = true;
  auto& on_redis = engine::broker_access::redis(b, "serve_redisrpc");
  bool expire = options.response_ttl.count() != 0;
  auto ttl = std::to_string(options.response_ttl.count());
  auto prefix = options.response_queue_prefix.value_or(queue + ":rpc:");
  auto on_reply = [sink = on_redis.log()](result<redis::reply> r) {
    if ((!r || r->is_error()) && sink)
      sink(log_level::error, "RedisRPC: writing a response failed: " +
                                 (r ? r->str : r.error().message()));
  };
  // The gateway is asked per answer: the one of the loop this handler
  // works for, where its subscription acknowledges.
  handler serve{[methods, on_redis = &on_redis, expire, ttl, prefix,
                 on_reply](const message& m) -> std::optional<response> {
    auto request = redisrpc::decode_request(m.body());
    if (request.response_queue.empty()) // nobody to answer: a failure
      throw error{request.fn.error()};
    if (request.response_queue.compare(0, prefix.size(), prefix) != 0)
      throw error{make_error(errc::invalid_argument,
                             "RedisRPC: refused the response_queue '" +
                                 request.response_queue +
                                 "': it does not start with '" + prefix + "'")};
    std::string failed_as;
    std::string text;
    if (request.fn) {
      text = answer(*methods, *request.fn, failed_as);
    } else {
      failed_as = metrics::error_label(request.fn.error());
      text = redisrpc::encode_exception("malformed request: " +
                                        request.fn.error().message());
    }
    auto gateway = on_redis->commands();
    if (expire)
      gateway->command({"EVAL", push_and_expire, "1", request.response_queue,
                        std::move(text), ttl},
                       on_reply);
    else
      gateway->command({"RPUSH", request.response_queue, std::move(text)},
                       on_reply);
    if (failed_as.empty())
      return std::nullopt;
    // Counted, not sent: the answer went to the response queue above.
    response counted;
    counted.failed_as = std::move(failed_as);
    return counted;
  }};
  return b.subscribe(sub,
                     std::move(serve).declare(redisrpc_contract(*methods)));
}

} // namespace redactor::rpc
