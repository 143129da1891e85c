// SPDX-License-Identifier: MIT
#pragma once

// JSON bodies for your own types, through Boost.JSON conversions: structs
// described with BOOST_DESCRIBE_STRUCT (member by member, below), standard
// containers and optionals, or tag_invoke overloads you write. Link
// Boost::json to use it.
//
//   struct order { std::string id; int qty; std::optional<std::string> note; };
//   BOOST_DESCRIBE_STRUCT(order, (), (id, qty, note))
//   auto o = redactor::from_json<order>(redactor::parse_json(text));

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>

#include "redactor/error.hpp"

namespace redactor {

/// Compact JSON text in Redactor's one number style, the one its RPC
/// protocols use: a double always keeps a fraction or exponent ("3.0",
/// "1e+300"; never "3" or "3E0"), so that Python and Ruby peers read it back
/// as a float; integers have neither. Throws redactor::error
/// (errc::unencodable) for a non-finite number or a string that is not
/// UTF-8.
std::string to_json_text(const boost::json::value& value);

/// Parses one JSON document. Throws redactor::error (errc::invalid_json,
/// or errc::too_deep past 64 levels) saying where the text went wrong.
boost::json::value parse_json(std::string_view text);

namespace detail {

/// Throws redactor::error (errc::invalid_json): "<where>: <why>", where
/// is "field 'items[2].price'", or "the value" at the top.
[[noreturn]] void throw_json_mismatch(const std::string& path,
                                      const std::string& why);

/// Throws redactor::error (errc::invalid_json): "field '<path>' is
/// missing".
[[noreturn]] void throw_json_missing(const std::string& path);

/// "a string", "a number", ... for error messages.
const char* json_kind(const boost::json::value& value) noexcept;

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

template <class T>
inline constexpr bool is_described_struct =
    std::is_class_v<T>&& boost::describe::has_describe_members<T>::value;

template <class T>
T json_to(const boost::json::value& value, const std::string& path);

template <class T>
T json_to_struct(const boost::json::value& value, const std::string& path) {
  const auto* object = value.if_object();
  if (object == nullptr)
    throw_json_mismatch(path, std::string("expected an object, got ") +
                                  json_kind(value));
  T out{};
  using members =
      boost::describe::describe_members<T, boost::describe::mod_public |
                                               boost::describe::mod_inherited>;
  boost::mp11::mp_for_each<members>([&](auto member) {
    using type = std::remove_cv_t<
        std::remove_reference_t<decltype(out.*member.pointer)>>;
    auto field =
        path.empty() ? std::string(member.name) : path + "." + member.name;
    auto found = object->find(member.name);
    if (found == object->end()) {
      if constexpr (!is_optional<type>::value)
        throw_json_missing(field);
      return;
    }
    out.*member.pointer = json_to<type>(found->value(), field);
  });
  return out;
}

template <class T>
T json_to(const boost::json::value& value, const std::string& path) {
  if constexpr (is_optional<T>::value) {
    if (value.is_null())
      return T{};
    return json_to<typename T::value_type>(value, path);
  } else if constexpr (is_vector<T>::value) {
    const auto* array = value.if_array();
    if (array == nullptr)
      throw_json_mismatch(path, std::string("expected an array, got ") +
                                    json_kind(value));
    T out;
    out.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i)
      out.push_back(json_to<typename T::value_type>(
          (*array)[i], path + "[" + std::to_string(i) + "]"));
    return out;
  } else if constexpr (is_described_struct<T>) {
    return json_to_struct<T>(value, path);
  } else {
    try {
      return boost::json::value_to<T>(value);
    } catch (const boost::system::system_error& e) {
      // The code's message alone: what() adds Boost's source location.
      throw_json_mismatch(path, e.code().message() + " (got " +
                                    json_kind(value) + ")");
    } catch (const std::exception& e) {
      throw_json_mismatch(path, e.what());
    }
  }
}

} // namespace detail

/// `value` as T. Described structs are read member by member: members
/// unknown to T are ignored, a missing std::optional member stays empty,
/// any other missing member is an error. Throws redactor::error
/// (errc::invalid_json) naming the field and why: "field 'items[2].qty':
/// not a number (got a string)", "field 'id' is missing".
template <class T>
T from_json(const boost::json::value& value) {
  return detail::json_to<T>(value, {});
}

/// `value` as JSON (boost::json::value_from: described structs become
/// objects, an empty optional null).
template <class T>
boost::json::value to_json(const T& value) {
  return boost::json::value_from(value);
}

} // namespace redactor
