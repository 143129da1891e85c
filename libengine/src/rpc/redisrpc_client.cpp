// SPDX-License-Identifier: MIT
#include "redactor/rpc/redisrpc_client.hpp"

#include "codec/redisrpc.hpp"
#include "engine/broker_access.hpp"
#include "execution/engine_future.hpp"
#include "rpc/list_call.hpp"

namespace redactor::rpc {
namespace {

using value_callback = std::function<void(result<boost::json::value>)>;

result<boost::json::value> read_response(const std::string& text) {
  auto r = redisrpc::decode_response(text);
  if (!r)
    return r.error();
  if (auto* ex = std::get_if<redisrpc::remote_exception>(&*r))
    return make_error(errc::remote_error, ex->text);
  return std::get<boost::json::value>(std::move(*r));
}

} // namespace

redisrpc_client::redisrpc_client(broker& b, std::string queue,
                                 std::chrono::milliseconds timeout)
    : broker_(&b), queue_(std::move(queue)), timeout_(timeout) {
  engine::broker_access::redis(b, "redisrpc_client");
}

std::future<result<boost::json::value>>
redisrpc_client::call(std::string_view method, boost::json::array args,
                      boost::json::object kwargs) const {
  return execution::engine_future<boost::json::value>([&](value_callback done) {
    call(method, std::move(args), std::move(kwargs), std::move(done));
  });
}

void redisrpc_client::call(std::string_view method, boost::json::array args,
                           boost::json::object kwargs,
                           value_callback callback) const {
  auto& on_redis = engine::broker_access::redis(*broker_, "redisrpc_client");
  auto response_queue = on_redis.response_list_name(queue_);
  auto request = redisrpc::encode_request(
      {std::string{method}, std::move(args), std::move(kwargs)},
      response_queue);
  if (!request)
    return callback(request.error());
  call_over_list(on_redis, "RPUSH", queue_, response_queue, std::move(*request),
                 timeout_,
                 [callback = std::move(callback)](result<std::string> r) {
                   if (!r)
                     return callback(r.error());
                   callback(read_response(*r));
                 });
}

} // namespace redactor::rpc
