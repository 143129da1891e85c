// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "redactor/header_list.hpp"

namespace redactor::subscriptions {

/// A channel name with `{name}` segments, such as "orders.{region}.{id}":
/// PSUBSCRIBE gets the glob ("orders.*.*"), and the segments of a received
/// channel are read back by name.
class path_pattern {
 public:
  explicit path_pattern(std::string_view text);

  /// The Redis glob: each `{name}` becomes `*`.
  const std::string& glob() const noexcept { return glob_; }

  bool has_params() const noexcept { return !names_.empty(); }

  /// The `{name}` segments' names, in order.
  const std::vector<std::string>& names() const noexcept { return names_; }

  /// The parameters of `channel`, or nullopt when it does not match. A
  /// parameter takes the shortest text up to the literal that follows it;
  /// a parameter at the end takes the rest. Without parameters, every
  /// channel gives an empty list (the glob already matched it).
  std::optional<header_list> match(std::string_view channel) const;

 private:
  /// literals_[i] precedes names_[i]; literals_.back() follows the last.
  std::vector<std::string> literals_;
  std::vector<std::string> names_;
  std::string glob_;
};

} // namespace redactor::subscriptions
