// SPDX-License-Identifier: MIT
#include "redactor/rpc/registry.hpp"

#include "metrics/error_label.hpp"

namespace redactor::rpc {
namespace {

namespace json = boost::json;

call_error invalid(std::string text) {
  return {call_error::kind::invalid_params, std::move(text), {}};
}

std::size_t index_of(const std::vector<std::string>& params,
                     std::string_view name) {
  for (std::size_t i = 0; i < params.size(); ++i)
    if (params[i] == name)
      return i;
  return params.size();
}

std::string count(std::size_t n, const char* noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

/// Ruby's keyword arguments: a trailing object whose keys all name
/// parameters that the positional arguments before it leave unfilled.
bool is_trailing_keywords(const json::array& args,
                          const std::vector<std::string>& params) {
  if (args.empty() || !args.back().is_object() ||
      args.back().get_object().empty())
    return false;
  auto filled = args.size() - 1;
  for (const auto& kv : args.back().get_object()) {
    auto i = index_of(params, {kv.key().data(), kv.key().size()});
    if (i == params.size() || i < filled)
      return false;
  }
  return true;
}

/// One value per parameter, or why not.
std::variant<json::array, call_error>
bind(const std::vector<std::string>& params, const json::array& given,
     const json::object& kwargs) {
  const json::array* positional = &given;
  json::array trimmed;
  const json::object* named = &kwargs;
  json::object merged;
  if (is_trailing_keywords(given, params)) {
    trimmed = json::array(given.begin(), given.end() - 1);
    positional = &trimmed;
    merged = kwargs;
    for (const auto& kv : given.back().get_object())
      merged[kv.key()] = kv.value();
    named = &merged;
  }
  if (positional->size() > params.size())
    return invalid("takes " + count(params.size(), "argument") + " but " +
                   std::to_string(positional->size()) + " were given");
  json::array bound(params.size());
  std::vector<bool> filled(params.size(), false);
  for (std::size_t i = 0; i < positional->size(); ++i) {
    bound[i] = (*positional)[i];
    filled[i] = true;
  }
  for (const auto& kv : *named) {
    std::string_view key{kv.key().data(), kv.key().size()};
    auto i = index_of(params, key);
    if (i == params.size())
      return invalid("unexpected keyword argument '" + std::string{key} + "'");
    if (filled[i])
      return invalid("argument '" + std::string{key} + "' given twice");
    bound[i] = kv.value();
    filled[i] = true;
  }
  for (std::size_t i = 0; i < params.size(); ++i)
    if (!filled[i])
      return invalid("missing argument '" + params[i] + "'");
  return bound;
}

} // namespace

registry& registry::add(std::string name, std::vector<std::string> params,
                        function fn) {
  methods_[std::move(name)] = entry{std::move(params), std::move(fn)};
  return *this;
}

std::string failure_type(const call_error& e) {
  switch (e.what) {
  case call_error::kind::method_not_found:
    return "method_not_found";
  case call_error::kind::invalid_params:
    return "invalid_params";
  case call_error::kind::method_failed:
    break;
  }
  return e.exception_type;
}

bool registry::contains(std::string_view method) const {
  return methods_.find(method) != methods_.end();
}

std::vector<std::string> registry::names() const {
  std::vector<std::string> out;
  for (auto& [name, e] : methods_)
    out.push_back(name);
  return out;
}

call_outcome registry::invoke(std::string_view method, const json::array& args,
                              const json::object& kwargs) const {
  auto i = methods_.find(method);
  if (i == methods_.end())
    return call_error{call_error::kind::method_not_found,
                      "method \"" + std::string{method} + "\" does not exist",
                      {}};
  auto bound = bind(i->second.params, args, kwargs);
  if (auto* err = std::get_if<call_error>(&bound))
    return *err;
  try {
    return i->second.fn(std::get<json::array>(bound));
  } catch (const invalid_params& e) {
    return invalid(e.what());
  } catch (const std::exception& e) {
    return call_error{call_error::kind::method_failed, e.what(),
                      metrics::exception_label(typeid(e))};
  } catch (...) {
    return call_error{call_error::kind::method_failed,
                      "an exception not derived from std::exception",
                      "unknown"};
  }
}

} // namespace redactor::rpc
