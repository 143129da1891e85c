// SPDX-License-Identifier: MIT
#include "requests/deadline_buckets.hpp"

namespace redactor::requests {
namespace {

constexpr deadline_buckets::channel_id blank = 0;

} // namespace

deadline_buckets::position deadline_buckets::add(clock::time_point due,
                                                 channel_id channel) {
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(due.time_since_epoch())
                .count();
  if (last_ == buckets_.end() || last_->first != ms)
    last_ = buckets_.try_emplace(ms).first;
  auto& b = last_->second;
  b.channels.push_back(channel);
  ++b.live;
  return {last_, static_cast<std::uint32_t>(b.channels.size() - 1)};
}

void deadline_buckets::remove(position at) {
  auto& b = at.bucket->second;
  b.channels[at.slot] = blank;
  if (--b.live == 0)
    erase(at.bucket);
}

std::vector<deadline_buckets::channel_id>
deadline_buckets::take_due(clock::time_point now) {
  auto ms =
      std::chrono::floor<std::chrono::milliseconds>(now.time_since_epoch())
          .count();
  std::vector<channel_id> due;
  while (!buckets_.empty() && buckets_.begin()->first <= ms) {
    for (auto channel : buckets_.begin()->second.channels)
      if (channel != blank)
        due.push_back(channel);
    erase(buckets_.begin());
  }
  return due;
}

void deadline_buckets::erase(bucket_map::iterator b) {
  if (b == last_)
    last_ = buckets_.end();
  buckets_.erase(b);
}

} // namespace redactor::requests
