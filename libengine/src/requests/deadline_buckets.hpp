// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <vector>

namespace redactor::requests {

/// Reply channels (by number) by when they fall due, in one bucket per
/// millisecond, for the pending table's periodic sweep. Requests made in
/// the same millisecond with the same timeout share a bucket, so adding
/// one is an append (a map lookup, logarithmic in the milliseconds held,
/// only when the bucket changes) and removing one blanks its slot: a
/// request's cost grows with how far apart the deadlines are, not with how
/// many wait, as a tree node per request did. take_due() is exact: nothing
/// is taken before its time; what is due comes by millisecond, then in the
/// order added.
///
/// Channel numbers start at 1: 0 marks a blank slot.
///
/// Memory: a bucket lives while any of its channels does, holding the
/// blanked slots of the others until then. Not thread-safe: one owner.
class deadline_buckets {
 public:
  using clock = std::chrono::steady_clock;
  using channel_id = std::uint64_t;

 private:
  struct entry {
    clock::time_point due;
    channel_id channel;
  };
  struct bucket {
    std::vector<entry> entries;
    std::size_t live = 0;
  };
  /// By the millisecond their entries end in (each due time rounded up).
  using bucket_map = std::map<std::int64_t, bucket>;

 public:
  /// Where add() put a channel, for remove().
  struct position {
    bucket_map::iterator bucket;
    std::uint32_t slot;
  };

  deadline_buckets() = default;
  /// Not copied or moved: positions and last_ point into this one.
  deadline_buckets(const deadline_buckets&) = delete;
  deadline_buckets& operator=(const deadline_buckets&) = delete;

  /// Adds `channel` (not 0), due at `due`.
  position add(clock::time_point due, channel_id channel);

  /// Forgets a channel add() put at `at`, not yet taken by take_due().
  void remove(position at);

  /// Takes out every channel due at `now`; their positions are gone with
  /// them.
  std::vector<channel_id> take_due(clock::time_point now);

  bool empty() const { return buckets_.empty(); }

 private:
  void erase(bucket_map::iterator b);

  bucket_map buckets_;
  /// The bucket added to last, end() when none: most adds go there.
  bucket_map::iterator last_ = buckets_.end();
};

} // namespace redactor::requests
