// SPDX-License-Identifier: MIT
#pragma once

// Typed handlers, publishes and requests: bodies in and out as JSON through
// the conversions of redactor/json.hpp (described structs, containers, or
// tag_invoke for your types). Link Boost::json to use it.
//
//   struct order { std::string id; int qty; };
//   BOOST_DESCRIBE_STRUCT(order, (), (id, qty))
//   struct receipt { std::string id; bool accepted; };
//   BOOST_DESCRIBE_STRUCT(receipt, (), (id, accepted))
//
//   broker.subscribe(list_sub{"orders"}, typed([](const order& o) {
//     return receipt{o.id, o.qty > 0};
//   }));
//   auto r = broker.request<receipt>(destination::list("orders"),
//                                    order{"o-1", 2}, 5s).get();

#include <future>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

#include "redactor/codec/wire_headers.hpp"
#include "redactor/error.hpp"
#include "redactor/handler.hpp"
#include "redactor/json.hpp"
#include "redactor/json_schema.hpp"
#include "redactor/message.hpp"
#include "redactor/response.hpp"
#include "redactor/result.hpp"

namespace redactor {

/// The body parsed as JSON and converted to T (see from_json). Throws
/// redactor::error (errc::invalid_json) saying which field and why; inside
/// a handler that is a handler error like any other.
template <class T>
T body_as(const message& m) {
  return from_json<T>(parse_json(m.body()));
}

/// A JSON response (content-type application/json) holding `value`.
template <class T>
response json_response(const T& value) {
  return response{to_json_text(to_json(value)),
                  std::string(wire_headers::application_json)};
}

namespace detail {

template <class F>
struct typed_signature : typed_signature<decltype(&F::operator())> {};
template <class C, class R, class... A>
struct typed_signature<R (C::*)(A...) const> {
  static_assert(sizeof...(A) == 1 || sizeof...(A) == 2,
                "a typed handler takes (const T&) or "
                "(const T&, const message&)");
  using arg = std::decay_t<std::tuple_element_t<0, std::tuple<A...>>>;
  using ret = R;
  static constexpr bool takes_message = sizeof...(A) == 2;
};
template <class C, class R, class... A>
struct typed_signature<R (C::*)(A...)> : typed_signature<R (C::*)(A...) const> {
};

template <class T>
std::string json_body(const T& value) {
  return to_json_text(to_json(value));
}

template <class R>
result<R> json_reply(result<message> reply) {
  if (!reply)
    return reply.error();
  try {
    return body_as<R>(*reply);
  } catch (const error& e) {
    return e.info();
  }
}

} // namespace detail

/// Adapts a callable taking one user type (converted from the JSON body),
/// and optionally the message itself for its headers, into a handler. It
/// returns void (nothing), a `response` or `std::optional<response>` (sent
/// as they are, with their headers), or a user type (sent as JSON):
///   typed([](const order& o) { return receipt{o.id}; })
///   typed([](const order& o, const message& m) {
///     response r = json_response(receipt{o.id});
///     r.headers.push_back({"x-tenant", std::string{*m.header("x-tenant")}});
///     return r;
///   })
/// The handler declares the JSON Schemas of both types (json_schema()) for
/// broker::asyncapi(); a response's body has none.
template <class F>
handler typed(F fn) {
  using sig = detail::typed_signature<F>;
  using ret = typename sig::ret;
  auto run = [fn = std::move(fn)](const message& m) -> decltype(auto) {
    auto arg = body_as<typename sig::arg>(m);
    if constexpr (sig::takes_message)
      return fn(arg, m);
    else
      return fn(arg);
  };
  handler_contract contract;
  contract.payload_schema =
      boost::json::serialize(json_schema<typename sig::arg>());
  if constexpr (std::is_void_v<ret>) {
    return handler{[run = std::move(run)](const message& m) { run(m); }}
        .declare(std::move(contract));
  } else if constexpr (std::is_convertible_v<ret, std::optional<response>>) {
    return handler{
        [run = std::move(run)](const message& m) -> std::optional<response> {
          return run(m);
        }}
        .declare(std::move(contract));
  } else {
    contract.reply_schema =
        boost::json::serialize(json_schema<std::decay_t<ret>>());
    return handler{[run = std::move(run)](const message& m) {
             return json_response(run(m));
           }}
        .declare(std::move(contract));
  }
}

} // namespace redactor
