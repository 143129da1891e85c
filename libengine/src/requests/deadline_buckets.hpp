// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <vector>

namespace redactor::requests {

/// Reply channels (by number) by the millisecond they fall due, for the
/// pending table's periodic sweep. Requests made in the same millisecond
/// share a bucket, so adding one is an append (a map lookup only when a
/// new millisecond starts) and removing one blanks its slot: the cost of
/// a request does not grow with how many others wait, as a tree node per
/// request did. A due time counts as its millisecond's end, so a channel
/// is never taken before its time and at most 1 ms after.
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
  struct bucket {
    std::vector<channel_id> channels;
    std::size_t live = 0;
  };
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

  position add(clock::time_point due, channel_id channel);

  /// Forgets a channel add() put at `at`, not yet taken by take_due().
  void remove(position at);

  /// Takes out every channel due at `now`, earliest first; their positions
  /// are gone with them.
  std::vector<channel_id> take_due(clock::time_point now);

  bool empty() const { return buckets_.empty(); }

 private:
  void erase(bucket_map::iterator b);

  bucket_map buckets_;
  /// The bucket added to last, end() when none: most adds go there.
  bucket_map::iterator last_ = buckets_.end();
};

} // namespace redactor::requests
