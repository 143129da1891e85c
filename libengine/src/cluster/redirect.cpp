// SPDX-License-Identifier: MIT
#include "cluster/redirect.hpp"

#include <charconv>
#include <string_view>

#include "cluster/key_slot.hpp"

namespace redactor::cluster {

std::optional<redirect> parse_redirect(const redis::reply& r,
                                       const redis::address& from) {
  redirect out{redirect::kind::moved, 0, {}};
  if (r.is_error("ASK"))
    out.type = redirect::kind::ask;
  else if (!r.is_error("MOVED"))
    return std::nullopt;
  // "MOVED <slot> <host>:<port>"; an IPv6 host is not bracketed.
  std::string_view text = r.str;
  auto first = text.find(' ');
  auto second = text.find(' ', first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos)
    return std::nullopt;
  auto slot_text = text.substr(first + 1, second - first - 1);
  auto target = text.substr(second + 1);
  auto colon = target.rfind(':');
  if (colon == std::string_view::npos)
    return std::nullopt;
  unsigned slot = 0;
  unsigned port = 0;
  auto port_text = target.substr(colon + 1);
  auto s = std::from_chars(slot_text.data(),
                           slot_text.data() + slot_text.size(), slot);
  auto p = std::from_chars(port_text.data(),
                           port_text.data() + port_text.size(), port);
  if (s.ec != std::errc{} || p.ec != std::errc{} || slot >= slot_count ||
      port == 0 || port > 65535 || p.ptr != port_text.data() + port_text.size())
    return std::nullopt;
  out.slot = static_cast<std::uint16_t>(slot);
  out.to.host = colon == 0 ? from.host : std::string{target.substr(0, colon)};
  out.to.port = static_cast<std::uint16_t>(port);
  return out;
}

bool is_retryable(const redis::reply& r) noexcept {
  return r.is_error("TRYAGAIN") || r.is_error("CLUSTERDOWN");
}

} // namespace redactor::cluster
