// SPDX-License-Identifier: MIT
#include "subscriptions/glob.hpp"

#include <utility>

namespace redactor::subscriptions {
namespace {

/// Matches a `[...]` class starting at pattern[p] ('[') against `c`; sets
/// `next` past its `]`. As Redis does, an unclosed class runs to the end.
bool match_class(std::string_view pattern, std::size_t p, char c,
                 std::size_t& next) {
  ++p;
  bool negated = p < pattern.size() && pattern[p] == '^';
  if (negated)
    ++p;
  bool matched = false;
  while (p < pattern.size() && pattern[p] != ']') {
    if (pattern[p] == '\\' && p + 1 < pattern.size()) {
      matched |= pattern[p + 1] == c;
      p += 2;
    } else if (p + 2 < pattern.size() && pattern[p + 1] == '-') {
      auto lo = static_cast<unsigned char>(pattern[p]);
      auto hi = static_cast<unsigned char>(pattern[p + 2]);
      if (lo > hi)
        std::swap(lo, hi);
      auto uc = static_cast<unsigned char>(c);
      matched |= uc >= lo && uc <= hi;
      p += 3;
    } else {
      matched |= pattern[p] == c;
      ++p;
    }
  }
  next = p < pattern.size() ? p + 1 : p;
  return matched != negated;
}

/// Matches the one-byte token at pattern[p] against `c`; sets `next` past
/// it.
bool match_one(std::string_view pattern, std::size_t p, char c,
               std::size_t& next) {
  switch (pattern[p]) {
  case '?':
    next = p + 1;
    return true;
  case '[':
    return match_class(pattern, p, c, next);
  case '\\':
    if (p + 1 < pattern.size()) {
      next = p + 2;
      return pattern[p + 1] == c;
    }
    break;
  default:
    break;
  }
  next = p + 1;
  return pattern[p] == c;
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  // Every token but `*` takes exactly one byte, so backtracking to the
  // last `*` alone is enough.
  constexpr auto none = std::string_view::npos;
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = none;
  std::size_t star_text = 0;
  while (t < text.size()) {
    std::size_t next = 0;
    if (p < pattern.size() && pattern[p] == '*') {
      star = ++p;
      star_text = t;
    } else if (p < pattern.size() && match_one(pattern, p, text[t], next)) {
      p = next;
      ++t;
    } else if (star != none) {
      p = star;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

} // namespace redactor::subscriptions
