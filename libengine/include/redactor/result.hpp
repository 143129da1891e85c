// SPDX-License-Identifier: MIT
#pragma once

#include <utility>
#include <variant>

#include "redactor/error.hpp"

namespace redactor {

/// A value or an error_info: how decoders and asynchronous calls report
/// failures without throwing (C++17 stand-in for std::expected).
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : state_(std::in_place_index<0>, std::move(value)) {}

  result(error_info err) : state_(std::in_place_index<1>, std::move(err)) {}

  bool has_value() const noexcept { return state_.index() == 0; }

  explicit operator bool() const noexcept { return has_value(); }

  /// The value; throws redactor::error when this holds an error.
  T& value() & {
    check();
    return std::get<0>(state_);
  }

  const T& value() const& {
    check();
    return std::get<0>(state_);
  }

  T&& value() && {
    check();
    return std::get<0>(std::move(state_));
  }

  T& operator*() & { return value(); }

  const T& operator*() const& { return value(); }

  T* operator->() { return &value(); }

  const T* operator->() const { return &value(); }

  /// The error; only valid when has_value() is false.
  const error_info& error() const { return std::get<1>(state_); }

 private:
  void check() const {
    if (state_.index() != 0)
      throw redactor::error{std::get<1>(state_)};
  }

  std::variant<T, error_info> state_;
};

} // namespace redactor
