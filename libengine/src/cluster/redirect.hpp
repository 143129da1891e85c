// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>

#include "redis/address.hpp"
#include "redis/reply.hpp"

namespace redactor::cluster {

/// A cluster node's answer that the command belongs elsewhere: MOVED (the
/// slot is served by `to` now) or ASK (the slot is migrating and the key
/// is already at `to`: send ASKING, then the command, there once).
struct redirect {
  enum class kind { moved, ask };
  kind type;
  std::uint16_t slot;
  redis::address to;
};

/// The redirect in `r`, if it is one. `from`: the node that answered, for
/// answers that leave out the host (an unknown endpoint means the same
/// host).
std::optional<redirect> parse_redirect(const redis::reply& r,
                                       const redis::address& from);

/// TRYAGAIN (a multi-key command during a slot's migration) or
/// CLUSTERDOWN (no quorum, or a slot without a master during a failover):
/// the command did not run and may succeed if tried again shortly.
bool is_retryable(const redis::reply& r) noexcept;

} // namespace redactor::cluster
