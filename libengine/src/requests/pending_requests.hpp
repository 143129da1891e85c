// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "redactor/message.hpp"
#include "redactor/result.hpp"
#include "requests/request_stats.hpp"

namespace redactor::requests {

using reply_callback = std::function<void(result<message>)>;

/// A request's end as the table decided it, for its owner to carry out
/// once it holds no lock of its own (the callback may make requests).
struct completion {
  reply_callback callback;
  result<message> outcome;

  /// Runs the callback; an exception it throws is dropped, since the
  /// router that runs it serves every other request too.
  void operator()() {
    try {
      callback(std::move(outcome));
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
/// was sent with. A channel serves one request only, so a reply is matched
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
/// Counters in `stats` are bumped before the completion is handed back, so
/// a requester that sees its result sees the count. Every request added
/// must have reserved its pending slot (request_stats::reserve); the table
/// releases it when the request ends. Not thread-safe: one owner.
class pending_requests {
 public:
  using clock = std::chrono::steady_clock;
  /// Sends a request with reply_to set to the channel given.
  using sender = std::function<void(const std::string& channel)>;
  /// Told each channel the table no longer listens on.
  using release_fn = std::function<void(const std::string& channel)>;

  explicit pending_requests(std::shared_ptr<request_stats> stats,
                            release_fn release = nullptr);

  /// Registers a request on `channel`, to be sent by `send` when send()
  /// says so. When `channel` is taken (by a pending request, or one
  /// waiting for a late reply), nothing is registered and the request's
  /// completion fails it with errc::invalid_argument.
  std::optional<completion> add(const std::string& channel,
                                std::string correlation_id,
                                clock::time_point deadline,
                                reply_callback callback, sender send);

  /// Sends the request on `channel` if it has not gone yet.
  void send(const std::string& channel);

  bool waiting_on(const std::string& channel) const {
    return requests_.count(channel) != 0;
  }

  /// A reply on `channel`: its request's completion (counted as replied),
  /// or nothing when no request waits there (counted as late).
  std::optional<completion> reply(const std::string& channel, message m);

  /// The request on `channel` could not be sent.
  std::optional<completion> fail(const std::string& channel, error_info why);

  /// Gives up on the request on `channel` (counted as timed out).
  std::optional<completion> time_out(const std::string& channel,
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
    std::string correlation_id;
    clock::duration linger{};
    reply_callback callback;
    /// Empty once the request went out.
    sender send;
    std::multimap<clock::time_point, std::string>::iterator deadline;
  };

  /// Ends the request on `channel` with `outcome`, bumping `counted`.
  std::optional<completion> finish(const std::string& channel,
                                   result<message> outcome,
                                   std::atomic<std::uint64_t>* counted);
  void release(const std::string& channel) {
    if (release_)
      release_(channel);
  }
  void stop_lingering(const std::string& channel);

  std::shared_ptr<request_stats> stats_;
  release_fn release_;
  std::unordered_map<std::string, pending> requests_;
  std::multimap<clock::time_point, std::string> deadlines_;
  /// Channels of timed-out requests, until a late reply or their time.
  std::unordered_map<std::string,
                     std::multimap<clock::time_point, std::string>::iterator>
      lingering_;
  std::multimap<clock::time_point, std::string> linger_ends_;
};

} // namespace redactor::requests
