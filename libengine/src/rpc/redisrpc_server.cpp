// SPDX-License-Identifier: MIT
#include "redactor/rpc/redisrpc_server.hpp"

#include "broker/broker_access.hpp"
#include "codec/redisrpc.hpp"

namespace redactor::rpc {
namespace {

/// The response text for one request.
std::string answer(const registry& methods, const redisrpc::call& fn) {
  auto outcome = methods.invoke(fn.method, fn.args, fn.kwargs);
  if (auto* err = std::get_if<call_error>(&outcome))
    return redisrpc::encode_exception(err->text);
  auto text =
      redisrpc::encode_return_value(std::get<boost::json::value>(outcome));
  if (!text)
    return redisrpc::encode_exception("the result cannot be sent: " +
                                      text.error().message());
  return std::move(text).value();
}

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
  auto& impl = redactor::detail::broker_access::impl(b, "serve_redisrpc");
  auto gateway = impl.gateway();
  bool expire = options.response_ttl.count() != 0;
  auto ttl = std::to_string(options.response_ttl.count());
  auto on_reply = [sink = impl.options().log](result<redis::reply> r) {
    if ((!r || r->is_error()) && sink)
      sink(log_level::error, "RedisRPC: writing a response failed: " +
                                 (r ? r->str : r.error().message()));
  };
  return b.subscribe(sub, [methods, gateway, expire, ttl,
                           on_reply](const message& m) {
    auto request = redisrpc::decode_request(m.body());
    if (request.response_queue.empty()) // nobody to answer: a failure
      throw error{request.fn.error()};
    auto text = request.fn
                    ? answer(*methods, *request.fn)
                    : redisrpc::encode_exception("malformed request: " +
                                                 request.fn.error().message());
    // Pipelined on the command connection, in this order.
    gateway->command({"RPUSH", request.response_queue, std::move(text)},
                     on_reply);
    if (expire)
      gateway->command({"EXPIRE", request.response_queue, ttl}, on_reply);
  });
}

} // namespace redactor::rpc
