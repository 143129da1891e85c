// SPDX-License-Identifier: MIT
#include "codec/redisrpc.hpp"

#include <charconv>
#include <map>

#include "codec/json_text.hpp"

namespace redactor::redisrpc {
namespace {

namespace json = boost::json;

error_info violation(std::string detail) {
  return make_error(errc::protocol_violation, std::move(detail));
}

/// A canonical non-negative decimal ("0", "17"; not "01" or "-1").
bool positional_index(std::string_view key, std::size_t& index) {
  if (key.empty() || (key.size() > 1 && key[0] == '0'))
    return false;
  auto res = std::from_chars(key.data(), key.data() + key.size(), index);
  return res.ec == std::errc{} && res.ptr == key.data() + key.size();
}

/// PHP 8 named arguments turn `args` into an object: {"0": 1, "x": 2}.
bool split_named_args(const json::object& args, call& fn, error_info& err) {
  std::map<std::size_t, json::value> positional;
  for (const auto& kv : args) {
    std::size_t index = 0;
    std::string_view key{kv.key().data(), kv.key().size()};
    if (positional_index(key, index)) {
      positional.emplace(index, kv.value());
    } else if (fn.kwargs.contains(kv.key())) {
      err = violation("argument '" + std::string{key} + "' given twice");
      return false;
    } else {
      fn.kwargs.emplace(kv.key(), kv.value());
    }
  }
  std::size_t expected = 0;
  for (auto& [index, value] : positional) {
    if (index != expected++) {
      err = violation("positional arguments are not numbered 0..n-1");
      return false;
    }
    fn.args.push_back(std::move(value));
  }
  return true;
}

result<call> read_call(const json::value* v) {
  if (v == nullptr)
    return violation("request has no function_call");
  auto* obj = v->if_object();
  if (obj == nullptr)
    return violation("function_call is not an object");
  call fn;
  auto* name = obj->if_contains("name");
  if (name == nullptr || !name->is_string() || name->get_string().empty())
    return violation("function_call.name is missing or not a string");
  fn.method.assign(name->get_string().data(), name->get_string().size());
  if (auto* kwargs = obj->if_contains("kwargs"); kwargs && !kwargs->is_null()) {
    if (!kwargs->is_object())
      return violation("function_call.kwargs is not an object");
    fn.kwargs = kwargs->get_object();
  }
  if (auto* args = obj->if_contains("args"); args && !args->is_null()) {
    if (auto* list = args->if_array()) {
      fn.args = *list;
    } else if (auto* named = args->if_object()) {
      error_info err;
      if (!split_named_args(*named, fn, err))
        return err;
    } else {
      return violation("function_call.args is neither an array nor an object");
    }
  }
  return fn;
}

} // namespace

decoded_request decode_request(std::string_view bytes) {
  auto doc = json_text::read(bytes, {/*allow_non_finite=*/true});
  if (!doc)
    return {{}, doc.error()};
  auto* obj = doc->if_object();
  if (obj == nullptr)
    return {{}, violation("request is not a JSON object")};
  std::string queue;
  if (auto* q = obj->if_contains("response_queue"); q && q->is_string())
    queue.assign(q->get_string().data(), q->get_string().size());
  if (queue.empty())
    return {{}, violation("request has no response_queue string")};
  return {std::move(queue), read_call(obj->if_contains("function_call"))};
}

result<std::string> encode_request(const call& fn,
                                   std::string_view response_queue) {
  json::object function_call;
  function_call["name"] = fn.method;
  if (!fn.args.empty())
    function_call["args"] = fn.args;
  if (!fn.kwargs.empty())
    function_call["kwargs"] = fn.kwargs;
  json::object request;
  request["function_call"] = std::move(function_call);
  request["response_queue"] =
      json::string_view{response_queue.data(), response_queue.size()};
  return json_text::write(request);
}

result<std::string> encode_return_value(const json::value& v) {
  json::object reply;
  reply["return_value"] = v;
  return json_text::write(reply);
}

std::string encode_exception(std::string_view text) {
  json::object reply;
  reply["exception"] = text.empty()
                           ? json::string_view{"unknown error"}
                           : json::string_view{text.data(), text.size()};
  auto out = json_text::write(reply);
  if (out)
    return std::move(out).value();
  // Invalid UTF-8 in the text: say so rather than sending nothing.
  return R"({"exception":"exception text is not valid UTF-8"})";
}

result<response> decode_response(std::string_view bytes) {
  auto doc = json_text::read(bytes, {/*allow_non_finite=*/true});
  if (!doc)
    return doc.error();
  auto* obj = doc->if_object();
  if (obj == nullptr)
    return violation("response is not a JSON object");
  if (auto* ex = obj->if_contains("exception"); ex && !ex->is_null()) {
    if (auto* s = ex->if_string())
      return response{remote_exception{std::string{s->data(), s->size()}}};
    auto text = json_text::write(*ex);
    return response{remote_exception{text ? *text : "non-text exception"}};
  }
  auto* rv = obj->if_contains("return_value");
  if (rv == nullptr)
    return violation("malformed RPC response: no return_value");
  return response{*rv};
}

} // namespace redactor::redisrpc
