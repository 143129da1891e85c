// SPDX-License-Identifier: MIT
#pragma once

// Typed handlers: bodies in and out through Boost.JSON conversions
// (boost::json::value_to / value_from, or tag_invoke for your types). The
// only public header that needs Boost.JSON; link Boost::json to use it.

#include <optional>
#include <string>
#include <type_traits>

#include <boost/json.hpp>

#include "redactor/codec/wire_headers.hpp"
#include "redactor/error.hpp"
#include "redactor/message.hpp"
#include "redactor/response.hpp"

namespace redactor {

/// The body parsed as JSON and converted to T. Throws redactor::error
/// (errc::invalid_json) saying why, when the body is not JSON or does not
/// convert; inside a handler that is a handler error like any other.
template <class T>
T body_as(const message& m) {
  boost::json::error_code ec;
  auto value = boost::json::parse(m.body(), ec);
  if (ec)
    throw error{
        make_error(errc::invalid_json, "body is not JSON: " + ec.message())};
  try {
    return boost::json::value_to<T>(value);
  } catch (const std::exception& e) {
    throw error{make_error(errc::invalid_json,
                           std::string("body does not convert: ") + e.what())};
  }
}

/// A JSON response (content-type application/json) holding `value`.
template <class T>
response json_response(const T& value) {
  return response{boost::json::serialize(boost::json::value_from(value)),
                  std::string(wire_headers::application_json)};
}

namespace detail {

template <class F>
struct typed_signature : typed_signature<decltype(&F::operator())> {};

template <class C, class R, class A>
struct typed_signature<R (C::*)(A) const> {
  using arg = std::decay_t<A>;
  using ret = R;
};

template <class C, class R, class A>
struct typed_signature<R (C::*)(A)> : typed_signature<R (C::*)(A) const> {};

} // namespace detail

/// Adapts a callable taking one user type (converted from the JSON body)
/// and returning void or a user type (sent as JSON) into a handler:
///   broker.subscribe(list_sub{"orders"}, typed([](const order& o) {
///     return receipt{o.id};
///   }));
template <class F>
auto typed(F fn) {
  using sig = detail::typed_signature<F>;
  return [fn = std::move(fn)](const message& m) -> std::optional<response> {
    auto arg = body_as<typename sig::arg>(m);
    if constexpr (std::is_void_v<typename sig::ret>) {
      fn(arg);
      return std::nullopt;
    } else {
      return json_response(fn(arg));
    }
  };
}

} // namespace redactor
