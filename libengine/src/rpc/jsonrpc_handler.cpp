// SPDX-License-Identifier: MIT
#include "redactor/rpc/jsonrpc_handler.hpp"

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

handler jsonrpc_handler(std::shared_ptr<const registry> methods) {
  if (!methods)
    throw error{
        make_error(errc::invalid_argument, "jsonrpc_handler: no methods")};
  return [methods](const message& m) -> std::optional<response> {
    auto in = jsonrpc::decode_requests(m.body());
    std::vector<std::string> answers;
    // The first failure of the message (of a batch) is what it counts as.
    std::string failed_as;
    for (auto& entry : in.entries) {
      if (auto* decided = std::get_if<jsonrpc::response>(&entry)) {
        if (failed_as.empty())
          failed_as = decode_failure_type(*decided);
        answers.push_back(encode_one(std::move(*decided), failed_as));
        continue;
      }
      auto& req = std::get<jsonrpc::request>(entry);
      auto r = run(*methods, req, failed_as);
      if (!req.notification)
        answers.push_back(encode_one(std::move(r), failed_as));
    }
    if (answers.empty())
      return std::nullopt;
    std::string body;
    if (in.batch) {
      body = "[";
      for (std::size_t i = 0; i < answers.size(); ++i)
        body += (i > 0 ? "," : "") + answers[i];
      body += "]";
    } else {
      body = std::move(answers.front());
    }
    response r{std::move(body), std::string{wire_headers::application_json}};
    r.failed_as = std::move(failed_as);
    return r;
  };
}

} // namespace redactor::rpc
