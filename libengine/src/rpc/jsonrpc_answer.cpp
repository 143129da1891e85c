// SPDX-License-Identifier: MIT
#include "rpc/jsonrpc_answer.hpp"

#include <vector>

#include "codec/jsonrpc.hpp"
#include "redactor/codec/wire_headers.hpp"

namespace redactor::rpc {
namespace {

namespace json = boost::json;

/// JSON-RPC's code for a method that threw (implementation-defined server
/// error range).
constexpr int method_failed_code = -32000;

jsonrpc::error_object to_error_object(const call_error& err) {
  switch (err.what) {
  case call_error::kind::method_not_found:
    return jsonrpc::make_error_object(jsonrpc::error_code::method_not_found,
                                      json::string{err.text});
  case call_error::kind::invalid_params:
    return jsonrpc::make_error_object(jsonrpc::error_code::invalid_params,
                                      json::string{err.text});
  case call_error::kind::method_failed:
    break;
  }
  return {method_failed_code, err.text, {}};
}

/// What a request that could not be decoded counts as.
std::string decode_failure_type(const jsonrpc::response& decided) {
  const auto* err = std::get_if<jsonrpc::error_object>(&decided.outcome);
  if (err != nullptr &&
      err->code == static_cast<int>(jsonrpc::error_code::parse_error))
    return "parse_error";
  return "invalid_request";
}

/// Runs `req`; a failure's type goes to `failed_as` unless one is there.
jsonrpc::response run(const registry& methods, const jsonrpc::request& req,
                      std::string& failed_as) {
  static const json::array no_args;
  static const json::object no_kwargs;
  const auto* args = req.params.if_array();
  const auto* kwargs = req.params.if_object();
  auto outcome = methods.invoke(req.method, args ? *args : no_args,
                                kwargs ? *kwargs : no_kwargs);
  if (auto* err = std::get_if<call_error>(&outcome)) {
    if (failed_as.empty())
      failed_as = failure_type(*err);
    return {req.id, to_error_object(*err)};
  }
  return {req.id, std::get<json::value>(std::move(outcome))};
}

/// One response's text; a result that cannot be encoded becomes an
/// internal error instead, counted as "unencodable" unless `failed_as`
/// holds a failure already.
std::string encode_one(jsonrpc::response r, std::string& failed_as) {
  auto text = jsonrpc::encode_responses(false, {r});
  if (text)
    return std::move(text).value();
  if (failed_as.empty())
    failed_as = "unencodable";
  r.outcome = jsonrpc::make_error_object(
      jsonrpc::error_code::internal_error,
      json::string{"the result cannot be encoded: " + text.error().message()});
  return jsonrpc::encode_responses(false, {r}).value();
}

} // namespace

jsonrpc_answer answer_jsonrpc(const registry& methods, std::string_view body) {
  auto in = jsonrpc::decode_requests(body);
  jsonrpc_answer out;
  std::vector<std::string> answers;
  auto answer = [&](jsonrpc::response r) {
    if (answers.empty())
      out.first_id = r.id;
    answers.push_back(encode_one(std::move(r), out.failed_as));
  };
  for (auto& entry : in.entries) {
    if (auto* decided = std::get_if<jsonrpc::response>(&entry)) {
      if (out.failed_as.empty())
        out.failed_as = decode_failure_type(*decided);
      answer(std::move(*decided));
      continue;
    }
    auto& req = std::get<jsonrpc::request>(entry);
    auto r = run(methods, req, out.failed_as);
    if (!req.notification)
      answer(std::move(r));
  }
  if (answers.empty())
    return out;
  if (!in.batch) {
    out.body = std::move(answers.front());
    return out;
  }
  out.body = "[";
  for (std::size_t i = 0; i < answers.size(); ++i)
    out.body += (i > 0 ? "," : "") + answers[i];
  out.body += "]";
  return out;
}

std::optional<response> to_response(jsonrpc_answer answer) {
  if (answer.body.empty())
    return std::nullopt;
  response r{std::move(answer.body),
             std::string{wire_headers::application_json}};
  r.failed_as = std::move(answer.failed_as);
  return r;
}

} // namespace redactor::rpc
