// SPDX-License-Identifier: MIT
#pragma once

// Named methods for the RPC services (RedisRPC and JSON-RPC 2.0). Values
// are Boost.JSON values; link Boost::json to use this header.

#include <cstddef>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/system/system_error.hpp>

namespace redactor::rpc {

/// Thrown by a method (or by argument binding) when the arguments are not
/// acceptable; JSON-RPC answers it with -32602 "Invalid params".
class invalid_params : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Why a call did not produce a value.
struct call_error {
  enum class kind {
    /// No method of that name.
    method_not_found,
    /// Wrong number, names or types of arguments.
    invalid_params,
    /// The method threw; `text` is what it said.
    method_failed,
  };
  kind what = kind::method_failed;
  std::string text;
  /// method_failed: the type of what the method threw
  /// ("std::domain_error").
  std::string exception_type;
};

using call_outcome = std::variant<boost::json::value, call_error>;

/// What a failed call counts as in metrics (response::failed_as):
/// "method_not_found", "invalid_params", or the type the method threw.
std::string failure_type(const call_error& e);

/// Methods by name, each with declared parameter names, so that calls can
/// pass arguments by position, by name, or both (Python's f(1, b=2)).
///
/// Binding: positional arguments fill parameters in order, keyword
/// arguments by name; a parameter given twice, an unknown name, too many
/// arguments or a missing one is call_error::invalid_params. Ruby clients
/// send keyword arguments as a trailing object in the positional list
/// ({"number": 1}); when every key of such an object names a parameter not
/// yet filled, it is read as keywords.
///
/// Threading: fill it before serving, then share it read-only (invoke() is
/// const and may run on many workers at once).
class registry {
 public:
  /// A method's body: `args` holds one value per declared parameter, in
  /// declaration order.
  using function =
      std::function<boost::json::value(const boost::json::array& args)>;

  /// Adds or replaces a method.
  registry& add(std::string name, std::vector<std::string> params, function fn);

  /// Adds a method from a callable taking one C++ argument per parameter,
  /// each converted from JSON with boost::json::value_to (a value that does
  /// not convert is invalid_params), and returning a value for
  /// boost::json::value_from, or void (JSON null):
  ///   calc.add_typed("add", {"number"}, [&](double n) { return acc += n; });
  template <class F>
  registry& add_typed(std::string name, std::vector<std::string> params, F fn);

  /// Runs `method` with the given arguments. Never throws.
  call_outcome invoke(std::string_view method, const boost::json::array& args,
                      const boost::json::object& kwargs) const;

  bool contains(std::string_view method) const;

  /// The methods' names, sorted.
  std::vector<std::string> names() const;

 private:
  struct entry {
    std::vector<std::string> params;
    function fn;
  };

  std::map<std::string, entry, std::less<>> methods_;
};

namespace detail {

template <class F>
struct method_signature : method_signature<decltype(&F::operator())> {};

template <class C, class R, class... A>
struct method_signature<R (C::*)(A...) const> {
  using args = std::tuple<std::decay_t<A>...>;
};

template <class C, class R, class... A>
struct method_signature<R (C::*)(A...)>
    : method_signature<R (C::*)(A...) const> {};

template <class T>
T argument(const boost::json::array& args, std::size_t i,
           const std::vector<std::string>& names) {
  try {
    return boost::json::value_to<T>(args[i]);
  } catch (const boost::system::system_error& e) {
    // Its what() carries a source location; the message alone is clearer.
    throw invalid_params("argument '" + names[i] + "': " + e.code().message());
  } catch (const std::exception& e) {
    throw invalid_params("argument '" + names[i] + "': " + e.what());
  }
}

template <class Args, class F, std::size_t... I>
boost::json::value call_typed(F& fn, const boost::json::array& a,
                              const std::vector<std::string>& names,
                              std::index_sequence<I...>) {
  using ret =
      decltype(fn(argument<std::tuple_element_t<I, Args>>(a, I, names)...));
  if constexpr (std::is_void_v<ret>) {
    fn(argument<std::tuple_element_t<I, Args>>(a, I, names)...);
    return nullptr;
  } else {
    return boost::json::value_from(
        fn(argument<std::tuple_element_t<I, Args>>(a, I, names)...));
  }
}

} // namespace detail

template <class F>
registry& registry::add_typed(std::string name, std::vector<std::string> params,
                              F fn) {
  using sig = detail::method_signature<F>;
  using args = typename sig::args;
  if (params.size() != std::tuple_size_v<args>)
    throw std::invalid_argument("add_typed: " + name + " declares " +
                                std::to_string(params.size()) +
                                " parameters for a callable taking " +
                                std::to_string(std::tuple_size_v<args>));
  auto body = [fn = std::move(fn),
               names = params](const boost::json::array& a) mutable {
    return detail::call_typed<args>(
        fn, a, names, std::make_index_sequence<std::tuple_size_v<args>>{});
  };
  return add(std::move(name), std::move(params), std::move(body));
}

} // namespace redactor::rpc
