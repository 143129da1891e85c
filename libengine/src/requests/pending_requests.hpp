// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>

#include "redactor/message.hpp"
#include "redactor/result.hpp"
#include "requests/deadline_buckets.hpp"
#include "requests/request_job.hpp"
#include "requests/request_stats.hpp"

namespace redactor::requests {

/// A request's end as the table decided it, for its owner to carry out
/// once it holds no lock of its own (the caller may make requests).
struct completion {
  request_job_ptr job;
  result<message> outcome;

  /// Tells the job; an exception its caller's callback throws is dropped,
  /// since the router that runs it serves every other request too.
  void operator()() {
    try {
      job->finish(std::move(outcome));
    } catch (...) {
      // Dropped, as broker::request documents.
    }
  }
};

using completion_list = std::vector<completion>;

inline void complete(std::optional<completion> done) {
  if (done)
    (*done)();
}

inline void complete(completion_list done) {
  for (auto& d : done)
    d();
}

/// The requests waiting for their replies, each by the reply channel it
/// was sent with, known here by its number (the n of "<inbox>.<n>",
/// from 1). A channel serves one request only, so a reply is matched
/// whatever correlation id or headers its responder set. The one place
/// that decides how a request ends: answered (wire_headers::error makes it
/// errc::remote_error), failed to send, timed out, or failed when its
/// broker stops. The reply router and the test broker both keep theirs in
/// one.
///
/// An answered request's channel is released at once: a second reply is
/// never seen. A timed-out one that went out keeps its channel for as long
/// again as its timeout (1 s to 30 s), so that a late reply is recognised
/// and counted; other replies that match nothing count as late too.
///
/// Cost: requests and late-reply channels are in flat maps by number and
/// their deadlines in millisecond buckets, so what a request costs does
/// not grow with how many others wait (only, and logarithmically, with how
/// far apart their deadlines are).
///
/// Counters in `stats` are bumped before the completion is handed back, so
/// a requester that sees its result sees the count. Every request added
/// must have reserved its pending slot (request_stats::reserve); the table
/// releases it when the request ends. Not thread-safe: one owner.
class pending_requests {
 public:
  using clock = std::chrono::steady_clock;
  using channel_id = deadline_buckets::channel_id;
  /// Told each channel the table no longer listens on.
  using release_fn = std::function<void(channel_id)>;

  explicit pending_requests(std::shared_ptr<request_stats> stats,
                            release_fn release = nullptr);

  /// Registers `job` on `channel`, to be sent once its owner takes it
  /// (take_unsent). When `channel` is 0 or taken (by a pending request,
  /// or one waiting for a late reply), nothing is registered and the
  /// request's completion fails it with errc::invalid_argument.
  std::optional<completion> add(channel_id channel, clock::time_point deadline,
                                request_job_ptr job);

  /// The request on `channel` if it has not been sent yet, which counts as
  /// sent from now on; null otherwise. It stays the table's: valid until
  /// the table next changes.
  request_job* take_unsent(channel_id channel);

  bool waiting_on(channel_id channel) const {
    return requests_.count(channel) != 0;
  }

  /// A reply on `channel`: its request's completion (counted as replied),
  /// or nothing when no request waits there (counted as late).
  std::optional<completion> reply(channel_id channel, message m);

  /// A reply on a channel that is not one of the inbox's (its name gives
  /// no number): counted as late, as replies that match nothing are.
  void unmatched_reply() {
    stats_->late_replies.fetch_add(1, std::memory_order_relaxed);
  }

  /// The request on `channel` could not be sent.
  std::optional<completion> fail(channel_id channel, error_info why);

  /// Gives up on the request on `channel` (counted as timed out).
  std::optional<completion> time_out(channel_id channel,
                                     const std::string& why);

  /// Times out what is due at `now` and stops waiting for late replies
  /// whose time is up.
  completion_list sweep(clock::time_point now);

  /// Fails every pending request with `why`.
  completion_list fail_all(const error_info& why);

  /// Whether nothing is pending or waiting for a late reply: no sweep is
  /// needed.
  bool idle() const { return requests_.empty() && lingering_.empty(); }

 private:
  struct pending {
    request_job_ptr job;
    /// When its wait for a late reply ends, should it time out: counted
    /// from the deadline, not from when the sweep came round to it.
    clock::time_point linger_end;
    bool sent = false;
    /// Empty once the sweep took it.
    std::optional<deadline_buckets::position> due;
  };

  /// Ends the request on `channel` with `outcome`, bumping `counted`.
  std::optional<completion> finish(channel_id channel, result<message> outcome,
                                   std::atomic<std::uint64_t>* counted);
  void release(channel_id channel) {
    if (release_)
      release_(channel);
  }
  void stop_lingering(channel_id channel);

  std::shared_ptr<request_stats> stats_;
  release_fn release_;
  boost::unordered_flat_map<channel_id, pending> requests_;
  deadline_buckets deadlines_;
  /// Channels of timed-out requests, until a late reply or their time.
  boost::unordered_flat_map<channel_id, deadline_buckets::position> lingering_;
  deadline_buckets linger_ends_;
};

} // namespace redactor::requests
