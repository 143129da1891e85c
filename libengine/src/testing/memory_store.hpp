// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "redactor/destination.hpp"
#include "redactor/list_sub.hpp"
#include "redis/inbound.hpp"

namespace redactor::testing {

/// The lists and streams the test broker holds, as Redis would hold them.
/// Stream entry ids are "<n>-0" with n counting up from 1 per stream, so a
/// test sees the same ids on every run. Not thread-safe: memory_router
/// guards it.
class memory_store {
 public:
  /// A stream position: the n of "<n>-0".
  using position = std::uint64_t;

  /// RPUSH: appends; returns the list's length.
  std::size_t push(const std::string& list, std::vector<std::string> items);

  /// LPUSH (RPUSH) of `items` reversed: they go back to the end they were
  /// popped from, in their order.
  void give_back(const std::string& list, list_end end,
                 std::vector<std::string> items);

  /// LPOP (RPOP) with a count: up to `n` items from that end.
  redis::inbound_batch pop(const std::string& list, list_end end,
                           std::size_t n);

  bool has_items(const std::string& list) const;

  /// XADD ... __data__ with the destination's MAXLEN, which trims exactly
  /// here, `~` or not; returns the new entry's id.
  std::string add(const destination& to, std::string payload);

  /// Where `last_id` points in `stream`: "$" or empty is its newest entry
  /// (the start, for an empty stream), "0" the start.
  position resolve(const std::string& stream, const std::string& last_id);

  /// XGROUP CREATE ... MKSTREAM at `last_id`, unless the group exists.
  void create_group(const std::string& stream, const std::string& group,
                    const std::string& last_id);

  /// XREAD: up to `n` entries after `cursor`, which moves past them.
  redis::inbound_batch read(const std::string& stream, position& cursor,
                            std::size_t n) const;

  /// XREADGROUP ... >: up to `n` entries the group has not had; unless
  /// `no_ack`, they become pending under `consumer`.
  redis::inbound_batch read_group(const std::string& stream,
                                  const std::string& group,
                                  const std::string& consumer, std::size_t n,
                                  bool no_ack);

  /// The entries pending under `consumer` in `group`, in order: what
  /// XREADGROUP ... 0 gives a consumer when it connects again.
  redis::inbound_batch own_pending(const std::string& stream,
                                   const std::string& group,
                                   const std::string& consumer) const;

  /// Whether read() or read_group() would return something.
  bool has_new(const std::string& stream, position cursor) const;
  bool has_new(const std::string& stream, const std::string& group) const;

  /// XACK.
  void ack(const std::string& stream, const std::string& group,
           const std::vector<std::string>& ids);

  /// XPENDING's count; 0 for an unknown stream or group.
  std::size_t pending(const std::string& stream,
                      const std::string& group) const;

 private:
  struct entry {
    position at;
    std::string payload;
  };
  struct group_state {
    position delivered = 0;
    /// Entry -> consumer.
    std::map<position, std::string> pending;
  };
  struct stream_state {
    position last = 0;
    std::deque<entry> entries;
    std::map<std::string, group_state> groups;
  };

  static std::string id_of(position at);
  /// Up to `n` entries after `cursor`, which moves past them; `on_entry`
  /// sees each one's position.
  template <class OnEntry>
  static redis::inbound_batch after(const stream_state& s, position& cursor,
                                    std::size_t n, OnEntry on_entry);

  std::map<std::string, std::deque<std::string>> lists_;
  std::map<std::string, stream_state> streams_;
};

} // namespace redactor::testing
