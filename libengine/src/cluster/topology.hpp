// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cluster/key_slot.hpp"
#include "redactor/result.hpp"
#include "redis/address.hpp"
#include "redis/reply.hpp"

namespace redactor::cluster {

/// Which master serves each hash slot, and which nodes are replicas, as a
/// node described the cluster.
class topology {
 public:
  /// From a CLUSTER SHARDS answer (Redis 7). `asked`: the node that
  /// answered, for nodes it lists without an address; `tls`: use their
  /// TLS ports.
  static result<topology> from_shards(const redis::reply& r,
                                      const redis::address& asked, bool tls);
  /// From a CLUSTER SLOTS answer (older servers; the port is the one of
  /// the connection's kind).
  static result<topology> from_slots(const redis::reply& r,
                                     const redis::address& asked);

  /// The master serving `slot`; none while no master serves it.
  std::optional<redis::address> owner(std::uint16_t slot) const;

  /// A MOVED answer: `slot` is now served by `master`.
  void assign(std::uint16_t slot, const redis::address& master);

  const std::vector<redis::address>& masters() const noexcept {
    return masters_;
  }
  const std::vector<redis::address>& replicas() const noexcept {
    return replicas_;
  }
  bool is_master(const redis::address& at) const;
  /// Slots no master serves.
  std::size_t uncovered() const;

  /// "3 masters, 3 replicas, all slots served" (or what is missing): for
  /// health and logs.
  std::string text() const;

  friend bool operator==(const topology& a, const topology& b) {
    return a.masters_ == b.masters_ && a.replicas_ == b.replicas_ &&
           a.owners_ == b.owners_;
  }
  friend bool operator!=(const topology& a, const topology& b) {
    return !(a == b);
  }

 private:
  static constexpr std::uint16_t none = 0xffff;

  /// The index of `master` in masters_, added if new.
  std::uint16_t master_index(const redis::address& master);
  void serve(long long first, long long last, std::uint16_t master);

  std::vector<redis::address> masters_;
  std::vector<redis::address> replicas_;
  /// Per slot, an index into masters_ (none: unserved).
  std::vector<std::uint16_t> owners_ =
      std::vector<std::uint16_t>(slot_count, none);
};

} // namespace redactor::cluster
