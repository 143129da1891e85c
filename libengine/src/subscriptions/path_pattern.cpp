// SPDX-License-Identifier: MIT
#include "subscriptions/path_pattern.hpp"

namespace redactor::subscriptions {

path_pattern::path_pattern(std::string_view text) {
  std::string literal;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto close =
        text[i] == '{' ? text.find('}', i + 1) : std::string_view::npos;
    if (close == std::string_view::npos || close == i + 1) {
      literal += text[i];
      glob_ += text[i];
      continue;
    }
    literals_.push_back(std::move(literal));
    literal.clear();
    names_.emplace_back(text.substr(i + 1, close - i - 1));
    glob_ += '*';
    i = close;
  }
  literals_.push_back(std::move(literal));
}

std::optional<header_list> path_pattern::match(std::string_view channel) const {
  header_list params;
  if (names_.empty())
    return params;
  std::string_view rest = channel;
  if (rest.substr(0, literals_[0].size()) != literals_[0])
    return std::nullopt;
  rest.remove_prefix(literals_[0].size());
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const auto& next = literals_[i + 1];
    bool last = i + 1 == names_.size();
    std::size_t end;
    if (last && next.empty()) {
      end = rest.size();
    } else if (last) {
      // The final literal must end the channel.
      if (rest.size() < next.size() ||
          rest.substr(rest.size() - next.size()) != next)
        return std::nullopt;
      end = rest.size() - next.size();
    } else {
      // Adjacent parameters ("{a}{b}") cannot be told apart: no match.
      end = next.empty() ? std::string_view::npos : rest.find(next, 1);
      if (end == std::string_view::npos)
        return std::nullopt;
    }
    if (end == 0)
      return std::nullopt;
    params.push_back({names_[i], std::string(rest.substr(0, end))});
    rest.remove_prefix(end + next.size());
  }
  return params;
}

} // namespace redactor::subscriptions
