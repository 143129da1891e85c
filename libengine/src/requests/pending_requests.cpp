// SPDX-License-Identifier: MIT
#include "requests/pending_requests.hpp"

#include <algorithm>

#include "requests/request_protocol.hpp"

namespace redactor::requests {
namespace {

/// How long a timed-out request's channel waits for a late reply.
pending_requests::clock::duration
linger_for(pending_requests::clock::duration timeout) {
  return std::clamp<pending_requests::clock::duration>(
      timeout, std::chrono::seconds{1}, std::chrono::seconds{30});
}

} // namespace

pending_requests::pending_requests(std::shared_ptr<request_stats> stats,
                                   release_fn release)
    : stats_(std::move(stats)), release_(std::move(release)) {
  // nop
}

std::optional<completion> pending_requests::add(const std::string& channel,
                                                std::string correlation_id,
                                                clock::time_point deadline,
                                                reply_callback callback,
                                                sender send) {
  if (requests_.count(channel) != 0 || lingering_.count(channel) != 0) {
    stats_->release();
    return completion{
        std::move(callback),
        make_error(errc::invalid_argument, "request " + correlation_id +
                                               ": reply channel " + channel +
                                               " is already in use")};
  }
  auto at = deadlines_.emplace(deadline, channel);
  requests_.emplace(channel, pending{std::move(correlation_id),
                                     linger_for(deadline - clock::now()),
                                     std::move(callback), std::move(send), at});
  return std::nullopt;
}

void pending_requests::send(const std::string& channel) {
  auto i = requests_.find(channel);
  if (i == requests_.end() || !i->second.send)
    return;
  auto send = std::move(i->second.send);
  i->second.send = nullptr;
  send(channel);
}

std::optional<completion> pending_requests::reply(const std::string& channel,
                                                  message m) {
  if (requests_.count(channel) != 0)
    return finish(channel, outcome(std::move(m)), &stats_->replied);
  stop_lingering(channel);
  stats_->late_replies.fetch_add(1, std::memory_order_relaxed);
  return std::nullopt;
}

std::optional<completion> pending_requests::fail(const std::string& channel,
                                                 error_info why) {
  return finish(channel, std::move(why), nullptr);
}

std::optional<completion> pending_requests::time_out(const std::string& channel,
                                                     const std::string& why) {
  return finish(channel, make_error(errc::timeout, why), &stats_->timed_out);
}

completion_list pending_requests::sweep(clock::time_point now) {
  completion_list out;
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    auto channel = deadlines_.begin()->second;
    auto& p = requests_.at(channel);
    auto why = "no reply to request " + p.correlation_id +
               (p.send ? ": its reply channel was never subscribed" : "");
    out.push_back(*time_out(channel, why));
  }
  while (!linger_ends_.empty() && linger_ends_.begin()->first <= now) {
    auto channel = linger_ends_.begin()->second; // a copy: erased there
    stop_lingering(channel);
  }
  return out;
}

completion_list pending_requests::fail_all(const error_info& why) {
  completion_list out;
  while (!requests_.empty()) {
    auto channel = requests_.begin()->first; // a copy: erased there
    out.push_back(*fail(channel, why));
  }
  return out;
}

std::optional<completion>
pending_requests::finish(const std::string& channel, result<message> outcome,
                         std::atomic<std::uint64_t>* counted) {
  auto i = requests_.find(channel);
  if (i == requests_.end())
    return std::nullopt;
  completion done{std::move(i->second.callback), std::move(outcome)};
  bool sent = !i->second.send;
  // The wait for a late reply counts from the deadline, not from when the
  // sweep came round to it.
  auto linger_end = i->second.deadline->first + i->second.linger;
  deadlines_.erase(i->second.deadline);
  requests_.erase(i);
  if (sent && !done.outcome &&
      done.outcome.error().code == make_error_code(errc::timeout))
    lingering_.emplace(channel, linger_ends_.emplace(linger_end, channel));
  else
    release(channel);
  stats_->release();
  if (counted)
    counted->fetch_add(1, std::memory_order_relaxed);
  return done;
}

void pending_requests::stop_lingering(const std::string& channel) {
  auto i = lingering_.find(channel);
  if (i == lingering_.end())
    return;
  linger_ends_.erase(i->second);
  lingering_.erase(i);
  release(channel);
}

} // namespace redactor::requests
