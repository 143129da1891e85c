// SPDX-License-Identifier: MIT
#include "requests/deadline_buckets.hpp"

#include <utility>

namespace redactor::requests {
namespace {

using std::chrono::milliseconds;

constexpr deadline_buckets::channel_id blank_slot = 0;

} // namespace

deadline_buckets::position deadline_buckets::add(clock::time_point due,
                                                 channel_id channel) {
  auto ms = std::chrono::ceil<milliseconds>(due.time_since_epoch()).count();
  if (last_ == buckets_.end() || last_->first != ms)
    last_ = buckets_.try_emplace(ms).first;
  auto& b = last_->second;
  b.entries.push_back({due, channel});
  ++b.live;
  return {last_, static_cast<std::uint32_t>(b.entries.size() - 1)};
}

void deadline_buckets::remove(position at) {
  auto& b = at.bucket->second;
  b.entries[at.slot].channel = blank_slot;
  if (--b.live == 0)
    erase(at.bucket);
}

std::vector<deadline_buckets::channel_id>
deadline_buckets::take_due(clock::time_point now) {
  auto whole = std::chrono::floor<milliseconds>(now.time_since_epoch()).count();
  std::vector<channel_id> due;
  // Buckets that ended by now are due whole.
  while (!buckets_.empty() && buckets_.begin()->first <= whole) {
    for (const auto& e : buckets_.begin()->second.entries)
      if (e.channel != blank_slot)
        due.push_back(e.channel);
    erase(buckets_.begin());
  }
  // The one now falls in is due up to now.
  if (!buckets_.empty() && buckets_.begin()->first == whole + 1) {
    auto b = buckets_.begin();
    for (auto& e : b->second.entries) {
      if (e.channel != blank_slot && e.due <= now) {
        due.push_back(std::exchange(e.channel, blank_slot));
        --b->second.live;
      }
    }
    if (b->second.live == 0)
      erase(b);
  }
  return due;
}

void deadline_buckets::erase(bucket_map::iterator b) {
  if (b == last_)
    last_ = buckets_.end();
  buckets_.erase(b);
}

} // namespace redactor::requests
