// SPDX-License-Identifier: MIT
#include "redactor/subscription_token.hpp"

#include "subscriptions/subscription_handle.hpp"
#include "subscriptions/subscription_stats.hpp"

namespace redactor {

subscription_token::subscription_token(
    std::weak_ptr<subscriptions::subscription_handle> sub)
    : sub_(std::move(sub)) {
  if (auto handle = sub_.lock())
    stats_ = handle->spec().stats;
}

void subscription_token::unsubscribe() {
  if (auto sub = sub_.lock())
    sub->stop();
}

subscription_counts subscription_token::counts() const {
  return stats_ ? stats_->snapshot() : subscription_counts{};
}

bool subscription_token::active() const {
  auto sub = sub_.lock();
  return sub && sub->active();
}

} // namespace redactor
