// SPDX-License-Identifier: MIT
#include "redactor/rpc/jsonrpc_client.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include "codec/json_text.hpp"
#include "codec/jsonrpc.hpp"
#include "engine/broker_access.hpp"
#include "execution/engine_future.hpp"
#include "redis/reply.hpp"
#include "rpc/list_call.hpp"

namespace redactor::rpc {
namespace {

namespace json = boost::json;

using batch_result = result<std::vector<result<json::value>>>;

result<json::value> outcome_of(jsonrpc::response r) {
  if (auto* value = std::get_if<json::value>(&r.outcome))
    return std::move(*value);
  auto& err = std::get<jsonrpc::error_object>(r.outcome);
  auto text = err.message + " (" + std::to_string(err.code) + ")";
  if (const auto* data = err.data.if_string())
    text += ": " + std::string{data->data(), data->size()};
  else if (!err.data.is_null())
    text += ": " + json_text::write(err.data).value();
  return make_error(errc::remote_error, text);
}

/// The responses of `text`, in the order of `ids`; each id must be
/// answered exactly once.
batch_result read_responses(const std::string& text,
                            const std::vector<json::value>& ids) {
  auto responses = jsonrpc::decode_responses(text);
  if (!responses)
    return make_error(errc::protocol_violation,
                      "not a JSON-RPC response: " +
                          responses.error().message());
  if (responses->size() != ids.size())
    return make_error(errc::protocol_violation,
                      std::to_string(responses->size()) + " responses for " +
                          std::to_string(ids.size()) + " calls");
  std::vector<result<json::value>> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    auto match = std::find_if(responses->begin(), responses->end(),
                              [&](const auto& r) { return r.id == id; });
    if (match == responses->end())
      return make_error(errc::protocol_violation,
                        "no response for id " + json_text::write(id).value());
    out.push_back(outcome_of(std::move(*match)));
  }
  return out;
}

std::optional<error_info> check_params(const json::value& params) {
  if (params.is_null() || params.is_array() || params.is_object())
    return std::nullopt;
  return make_error(errc::invalid_argument,
                    "jsonrpc_client: params must be an array, an object or "
                    "null");
}

/// Sends `calls` in one LPUSH (a batch array when `batch`) with ids naming
/// one fresh reply list, and hands their results to `done`.
void send_calls(redactor::engine::redis_services& broker,
                const std::string& list, std::chrono::milliseconds timeout,
                std::vector<jsonrpc_call> calls, bool batch,
                std::function<void(batch_result)> done) {
  if (calls.empty())
    return done(
        make_error(errc::invalid_argument, "jsonrpc_client: an empty batch"));
  auto reply_list = broker.response_list_name(list);
  std::vector<json::value> ids;
  std::string text = batch ? "[" : "";
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (auto bad = check_params(calls[i].params))
      return done(*bad);
    // The first id names the reply list; the others only need to differ.
    json::value id = json::string{
        i == 0 ? reply_list : reply_list + "." + std::to_string(i)};
    auto one = jsonrpc::encode_request(
        {id, false, std::move(calls[i].method), std::move(calls[i].params)});
    if (!one)
      return done(one.error());
    text += (i > 0 ? "," : "") + *one;
    ids.push_back(std::move(id));
  }
  if (batch)
    text += "]";
  call_over_list(
      broker, "LPUSH", list, reply_list, std::move(text), timeout,
      [ids = std::move(ids), done = std::move(done)](result<std::string> r) {
        if (!r)
          return done(r.error());
        done(read_responses(*r, ids));
      });
}

} // namespace

jsonrpc_client::jsonrpc_client(broker& b, std::string list,
                               std::chrono::milliseconds timeout)
    : broker_(&b), list_(std::move(list)), timeout_(timeout) {
  engine::broker_access::redis(b, "jsonrpc_client");
}

std::future<result<json::value>>
jsonrpc_client::call(std::string_view method, json::value params) const {
  return execution::engine_future<json::value>(
      [&](callback done) { call(method, std::move(params), std::move(done)); });
}

void jsonrpc_client::call(std::string_view method, json::value params,
                          callback done) const {
  std::vector<jsonrpc_call> one;
  one.push_back({std::string{method}, std::move(params)});
  send_calls(engine::broker_access::redis(*broker_, "jsonrpc_client"), list_,
             timeout_, std::move(one), false,
             [done = std::move(done)](batch_result r) {
               if (!r)
                 return done(r.error());
               done(std::move(r->front()));
             });
}

std::future<batch_result>
jsonrpc_client::call_batch(std::vector<jsonrpc_call> calls) const {
  return execution::engine_future<std::vector<result<json::value>>>(
      [&](std::function<void(batch_result)> done) {
        send_calls(engine::broker_access::redis(*broker_, "jsonrpc_client"),
                   list_, timeout_, std::move(calls), true, std::move(done));
      });
}

std::future<result<publish_result>>
jsonrpc_client::notify(std::string_view method, json::value params) const {
  using done_fn = std::function<void(result<publish_result>)>;
  return execution::engine_future<publish_result>([&](done_fn done) {
    if (auto bad = check_params(params))
      return done(*bad);
    jsonrpc::request req;
    req.notification = true;
    req.method = std::string{method};
    req.params = std::move(params);
    auto text = jsonrpc::encode_request(req);
    if (!text)
      return done(text.error());
    auto& on_redis = engine::broker_access::redis(*broker_, "jsonrpc_client");
    on_redis.commands()->command(
        {"LPUSH", list_, std::move(*text)}, [done](result<redis::reply> r) {
          if (!r)
            return done(r.error());
          if (r->is_error())
            return done(make_error(errc::refused, r->str));
          publish_result out;
          out.count = r->integer;
          done(out);
        });
  });
}

} // namespace redactor::rpc
