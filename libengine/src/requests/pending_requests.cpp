// SPDX-License-Identifier: MIT
#include "requests/pending_requests.hpp"

#include <algorithm>
#include <utility>

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

std::optional<completion> pending_requests::add(channel_id channel,
                                                clock::time_point deadline,
                                                request_job_ptr job) {
  bool taken = requests_.count(channel) != 0 || lingering_.count(channel) != 0;
  if (channel == 0 || taken) {
    stats_->release();
    auto why = "request " + job->correlation_id() + ": reply channel " +
               std::to_string(channel) +
               (taken ? " is already in use" : " does not exist");
    return completion{std::move(job),
                      make_error(errc::invalid_argument, std::move(why))};
  }
  auto linger_end = deadline + linger_for(deadline - clock::now());
  auto i = requests_
               .emplace(channel, pending{std::move(job), linger_end, false,
                                         std::nullopt})
               .first;
  // Every deadline has its request (the sweep looks it up) and every
  // request its deadline: taken back if the deadline cannot be added.
  try {
    i->second.due = deadlines_.add(deadline, channel);
  } catch (...) {
    requests_.erase(i);
    throw;
  }
  return std::nullopt;
}

request_job* pending_requests::take_unsent(channel_id channel) {
  auto i = requests_.find(channel);
  if (i == requests_.end() || std::exchange(i->second.sent, true))
    return nullptr;
  return i->second.job.get();
}

std::optional<completion> pending_requests::reply(channel_id channel,
                                                  message m) {
  if (requests_.count(channel) != 0)
    return finish(channel, outcome(std::move(m)), &stats_->replied);
  stop_lingering(channel);
  unmatched_reply();
  return std::nullopt;
}

std::optional<completion> pending_requests::fail(channel_id channel,
                                                 error_info why) {
  return finish(channel, std::move(why), nullptr);
}

std::optional<completion> pending_requests::time_out(channel_id channel,
                                                     const std::string& why) {
  return finish(channel, make_error(errc::timeout, why), &stats_->timed_out);
}

completion_list pending_requests::sweep(clock::time_point now) {
  completion_list out;
  for (auto channel : deadlines_.take_due(now)) {
    auto& p = requests_.at(channel);
    p.due.reset();
    auto why = "no reply to request " + p.job->correlation_id() +
               (p.sent ? "" : ": its reply channel was never subscribed");
    out.push_back(*time_out(channel, why));
  }
  for (auto channel : linger_ends_.take_due(now)) {
    lingering_.erase(channel);
    release(channel);
  }
  return out;
}

completion_list pending_requests::fail_all(const error_info& why) {
  std::vector<channel_id> channels;
  channels.reserve(requests_.size());
  for (const auto& entry : requests_)
    channels.push_back(entry.first);
  completion_list out;
  out.reserve(channels.size());
  for (auto channel : channels)
    out.push_back(*fail(channel, why));
  return out;
}

std::optional<completion>
pending_requests::finish(channel_id channel, result<message> outcome,
                         std::atomic<std::uint64_t>* counted) {
  auto i = requests_.find(channel);
  if (i == requests_.end())
    return std::nullopt;
  auto& p = i->second;
  completion done{std::move(p.job), std::move(outcome)};
  bool sent = p.sent;
  auto linger_end = p.linger_end;
  if (p.due)
    deadlines_.remove(*p.due);
  requests_.erase(i);
  if (sent && !done.outcome &&
      done.outcome.error().code == make_error_code(errc::timeout))
    lingering_.emplace(channel, linger_ends_.add(linger_end, channel));
  else
    release(channel);
  stats_->release();
  if (counted)
    counted->fetch_add(1, std::memory_order_relaxed);
  return done;
}

void pending_requests::stop_lingering(channel_id channel) {
  auto i = lingering_.find(channel);
  if (i == lingering_.end())
    return;
  linger_ends_.remove(i->second);
  lingering_.erase(i);
  release(channel);
}

} // namespace redactor::requests
