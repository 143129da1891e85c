// SPDX-License-Identifier: MIT
#include "codec/jsonrpc.hpp"

#include <optional>

#include "codec/json_text.hpp"

namespace redactor::jsonrpc {
namespace {

namespace json = boost::json;

const char* standard_message(error_code code) {
  switch (code) {
  case error_code::parse_error:
    return "Parse error";
  case error_code::invalid_request:
    return "Invalid Request";
  case error_code::method_not_found:
    return "Method not found";
  case error_code::invalid_params:
    return "Invalid params";
  case error_code::internal_error:
    return "Internal error";
  }
  return "Server error";
}

bool is_version_2(const json::object& obj) {
  auto* version = obj.if_contains("jsonrpc");
  return version != nullptr && version->is_string() &&
         version->get_string() == "2.0";
}

bool valid_id(const json::value& id) {
  return id.is_string() || id.is_number() || id.is_null();
}

response error_response(json::value id, error_code code,
                        json::value data = {}) {
  return {std::move(id), make_error_object(code, std::move(data))};
}

entry read_request(const json::value& v) {
  auto* obj = v.if_object();
  if (obj == nullptr)
    return error_response(nullptr, error_code::invalid_request,
                          "request is not an object");
  json::value id;
  auto* id_member = obj->if_contains("id");
  if (id_member && valid_id(*id_member))
    id = *id_member;
  auto invalid = [&](const char* why) {
    return error_response(id, error_code::invalid_request, why);
  };
  if (id_member && !valid_id(*id_member))
    return invalid("id must be a string, a number or null");
  if (!is_version_2(*obj))
    return invalid("jsonrpc must be \"2.0\"");
  auto* method = obj->if_contains("method");
  if (method == nullptr || !method->is_string())
    return invalid("method must be a string");
  request req;
  req.id = std::move(id);
  req.notification = id_member == nullptr;
  req.method.assign(method->get_string().data(), method->get_string().size());
  if (auto* params = obj->if_contains("params")) {
    if (!params->is_array() && !params->is_object())
      return invalid("params must be an array or an object");
    req.params = *params;
  }
  return req;
}

json::value to_json(const response& r) {
  json::object out;
  out["jsonrpc"] = "2.0";
  if (auto* result = std::get_if<json::value>(&r.outcome)) {
    out["result"] = *result;
  } else {
    const auto& e = std::get<error_object>(r.outcome);
    json::object err;
    err["code"] = e.code;
    err["message"] = e.message;
    if (!e.data.is_null())
      err["data"] = e.data;
    out["error"] = std::move(err);
  }
  out["id"] = r.id;
  return out;
}

result<response> read_response(const json::value& v) {
  auto violation = [](const char* why) {
    return make_error(errc::protocol_violation, why);
  };
  auto* obj = v.if_object();
  if (obj == nullptr)
    return violation("response is not an object");
  if (!is_version_2(*obj))
    return violation("jsonrpc must be \"2.0\"");
  auto* id = obj->if_contains("id");
  if (id == nullptr || !valid_id(*id))
    return violation("response id missing or of the wrong type");
  auto* result_member = obj->if_contains("result");
  auto* error_member = obj->if_contains("error");
  if ((result_member == nullptr) == (error_member == nullptr))
    return violation("response needs exactly one of result and error");
  if (result_member)
    return response{*id, *result_member};
  auto* err = error_member->if_object();
  if (err == nullptr)
    return violation("error is not an object");
  auto* code = err->if_contains("code");
  auto* message = err->if_contains("message");
  if (code == nullptr || !code->is_int64() || message == nullptr ||
      !message->is_string())
    return violation("error needs an integer code and a string message");
  error_object e;
  e.code = static_cast<int>(code->get_int64());
  e.message.assign(message->get_string().data(), message->get_string().size());
  if (auto* data = err->if_contains("data"))
    e.data = *data;
  return response{*id, std::move(e)};
}

} // namespace

error_object make_error_object(error_code code, json::value data) {
  return {static_cast<int>(code), standard_message(code), std::move(data)};
}

incoming decode_requests(std::string_view bytes) {
  incoming out;
  auto doc = json_text::read(bytes);
  if (!doc) {
    out.entries.emplace_back(error_response(
        nullptr, error_code::parse_error, json::string{doc.error().message()}));
    return out;
  }
  auto* batch = doc->if_array();
  if (batch == nullptr) {
    out.entries.push_back(read_request(*doc));
    return out;
  }
  if (batch->empty()) {
    out.entries.emplace_back(
        error_response(nullptr, error_code::invalid_request, "empty batch"));
    return out;
  }
  out.batch = true;
  out.entries.reserve(batch->size());
  for (const auto& item : *batch)
    out.entries.push_back(read_request(item));
  return out;
}

result<std::string> encode_responses(bool batch,
                                     const std::vector<response>& responses) {
  if (responses.empty())
    return std::string{};
  if (!batch)
    return json_text::write(to_json(responses.front()));
  json::array out;
  out.reserve(responses.size());
  for (const auto& r : responses)
    out.push_back(to_json(r));
  return json_text::write(out);
}

result<std::string> encode_request(const request& req) {
  json::object out;
  out["jsonrpc"] = "2.0";
  out["method"] = req.method;
  if (!req.params.is_null())
    out["params"] = req.params;
  if (!req.notification)
    out["id"] = req.id;
  return json_text::write(out);
}

result<std::vector<response>> decode_responses(std::string_view bytes) {
  auto doc = json_text::read(bytes);
  if (!doc)
    return doc.error();
  std::vector<response> out;
  auto read_one = [&](const json::value& v) -> std::optional<error_info> {
    auto r = read_response(v);
    if (!r)
      return r.error();
    out.push_back(std::move(*r));
    return std::nullopt;
  };
  if (auto* batch = doc->if_array()) {
    for (const auto& item : *batch)
      if (auto err = read_one(item))
        return *err;
  } else if (auto err = read_one(*doc)) {
    return *err;
  }
  return out;
}

} // namespace redactor::jsonrpc
