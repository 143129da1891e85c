// SPDX-License-Identifier: MIT
#include "asyncapi/catalogue.hpp"

#include <algorithm>

namespace redactor::asyncapi {

void catalogue::add(std::weak_ptr<subscriptions::subscription_handle> sub) {
  std::lock_guard<std::mutex> guard{mtx_};
  // get_one adds one per call: what is gone goes here too, not only when
  // a document is made.
  subs_.erase(std::remove_if(subs_.begin(), subs_.end(),
                             [](auto& weak) { return weak.expired(); }),
              subs_.end());
  subs_.push_back(std::move(sub));
}

void catalogue::add(const destination& to, const publish_options& defaults) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto same = [&](const documented_publisher& p) {
    return p.to.type == to.type && p.to.name == to.name &&
           p.to.sharded == to.sharded;
  };
  if (std::none_of(publishers_.begin(), publishers_.end(), same))
    publishers_.push_back({to, defaults.content_type});
}

std::vector<std::shared_ptr<subscriptions::subscription_handle>>
catalogue::subscriptions() const {
  std::lock_guard<std::mutex> guard{mtx_};
  std::vector<std::shared_ptr<subscriptions::subscription_handle>> live;
  for (auto& weak : subs_)
    if (auto sub = weak.lock(); sub && !sub->stopped())
      live.push_back(std::move(sub));
  // Stopped ones (unsubscribed, get_one's own) never come back.
  subs_.assign(live.begin(), live.end());
  return live;
}

std::vector<documented_publisher> catalogue::publishers() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return publishers_;
}

} // namespace redactor::asyncapi
