// SPDX-License-Identifier: MIT
#pragma once

// JSON Schemas (draft 7) of your types as redactor/json.hpp reads and writes
// them, for the AsyncAPI document (broker::asyncapi()): typed() declares its
// handler's schemas with these. Link Boost::json to use it.
//
//   struct order { std::string id; int qty; std::optional<std::string> note; };
//   BOOST_DESCRIBE_STRUCT(order, (), (id, qty, note))
//   json_schema<order>()
//   // {"type":"object","properties":{"id":{"type":"string"},
//   //  "qty":{"type":"integer"},"note":{"type":["string","null"]}},
//   //  "required":["id","qty"]}

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>

#include "redactor/json.hpp"

namespace redactor {

template <class T>
boost::json::object json_schema();

namespace detail {

template <class T>
struct is_string_map : std::false_type {};
template <class V, class... R>
struct is_string_map<std::map<std::string, V, R...>> : std::true_type {};
template <class V, class... R>
struct is_string_map<std::unordered_map<std::string, V, R...>>
    : std::true_type {};

template <class T>
struct is_sequence : is_vector<T> {};
template <class T, class... R>
struct is_sequence<std::set<T, R...>> : std::true_type {};
template <class T, std::size_t N>
struct is_sequence<std::array<T, N>> : std::true_type {};

/// `schema` also allowing null, as an empty optional is written.
inline boost::json::object or_null(boost::json::object schema) {
  auto* type = schema.if_contains("type");
  // An enum lists its values: null would have to be one of them.
  if (type != nullptr && type->is_string() && !schema.contains("enum")) {
    *type = boost::json::array{type->as_string(), "null"};
    return schema;
  }
  return {{"anyOf", boost::json::array{std::move(schema),
                                       boost::json::object{{"type", "null"}}}}};
}

template <class T>
boost::json::object struct_schema() {
  boost::json::object properties;
  boost::json::array required;
  using members =
      boost::describe::describe_members<T, boost::describe::mod_public |
                                               boost::describe::mod_inherited>;
  boost::mp11::mp_for_each<members>([&](auto member) {
    using type = std::remove_cv_t<
        std::remove_reference_t<decltype(std::declval<T&>().*member.pointer)>>;
    properties[member.name] = json_schema<type>();
    if constexpr (!is_optional<type>::value)
      required.emplace_back(member.name);
  });
  boost::json::object schema{{"type", "object"},
                             {"properties", std::move(properties)}};
  if (!required.empty())
    schema["required"] = std::move(required);
  return schema;
}

template <class T>
boost::json::object enum_schema() {
  boost::json::array names;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>(
      [&](auto e) { names.emplace_back(e.name); });
  return {{"type", "string"}, {"enum", std::move(names)}};
}

} // namespace detail

/// The JSON Schema of T's JSON form: booleans, integers (unsigned ones with
/// "minimum": 0), numbers, strings; std::optional as its value or null (a
/// struct member that is optional is not required); vectors, sets and
/// arrays as arrays; maps keyed by string as objects; described structs as
/// objects whose non-optional members are required (unknown members are
/// allowed, as from_json ignores them); described enums as their names.
/// Any other type (one with tag_invoke conversions, boost::json::value) is
/// `{}`: any JSON.
template <class T>
boost::json::object json_schema() {
  if constexpr (std::is_same_v<T, bool>) {
    return {{"type", "boolean"}};
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_unsigned_v<T>)
      return {{"type", "integer"}, {"minimum", 0}};
    else
      return {{"type", "integer"}};
  } else if constexpr (std::is_floating_point_v<T>) {
    return {{"type", "number"}};
  } else if constexpr (std::is_convertible_v<T, std::string_view>) {
    return {{"type", "string"}};
  } else if constexpr (detail::is_optional<T>::value) {
    return detail::or_null(json_schema<typename T::value_type>());
  } else if constexpr (detail::is_string_map<T>::value) {
    return {{"type", "object"},
            {"additionalProperties", json_schema<typename T::mapped_type>()}};
  } else if constexpr (detail::is_sequence<T>::value) {
    return {{"type", "array"},
            {"items", json_schema<typename T::value_type>()}};
  } else if constexpr (detail::is_described_struct<T>) {
    return detail::struct_schema<T>();
  } else if constexpr (std::is_enum_v<T> &&
                       boost::describe::has_describe_enumerators<T>::value) {
    return detail::enum_schema<T>();
  } else {
    return {};
  }
}

} // namespace redactor
