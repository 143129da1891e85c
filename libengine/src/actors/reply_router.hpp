// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/request_stats.hpp"
#include "redactor/message.hpp"
#include "redactor/result.hpp"
#include "redis/reply_channel_reader.hpp"
#include "subscriptions/subscription_spec.hpp"

namespace redactor::actors {

using reply_callback = std::function<void(result<message>)>;

/// A request for the router to send and wait for.
struct outgoing_request {
  std::string correlation_id;
  std::chrono::steady_clock::time_point deadline;
  reply_callback callback;
  /// Publishes the request with reply_to set to the channel given.
  std::function<void(const std::string& reply_to)> send;
};

struct reply_router_state {
  using clock = std::chrono::steady_clock;

  struct pending {
    std::string correlation_id;
    /// How long the channel stays subscribed after a timeout, so that a
    /// late reply is still seen and counted.
    clock::duration linger{};
    reply_callback callback;
    /// Empty once the request went out.
    std::function<void(const std::string&)> send;
    std::multimap<clock::time_point, std::string>::iterator deadline;
  };

  /// How replies are decoded.
  subscription_spec inbox;
  std::weak_ptr<redis::reply_channel_reader> channels;
  std::uint64_t channels_made = 0;
  /// Requests by their reply channel.
  std::unordered_map<std::string, pending> requests;
  /// Channels subscribed ahead of need and confirmed by Redis: `ready`
  /// says which (so a late or forged reply finds one in constant time),
  /// `ready_order` hands them out oldest first and may still name some
  /// that were dropped since.
  std::unordered_set<std::string> ready;
  std::deque<std::string> ready_order;
  /// Subscribed ahead of need, awaiting Redis's confirmation.
  std::unordered_set<std::string> arming;
  /// How many channels to keep subscribed ahead; doubles whenever a
  /// request found none ready.
  std::size_t ahead = 0;
  std::multimap<clock::time_point, std::string> deadlines;
  /// Channels of timed-out requests, until a late reply or their time.
  std::unordered_map<std::string,
                     std::multimap<clock::time_point, std::string>::iterator>
      lingering;
  std::multimap<clock::time_point, std::string> linger_ends;
  bool sweeping = false;
  std::shared_ptr<request_stats> stats;

  static inline const char* name = "redactor.reply_router";
};

/// The reply channels a router of `inbox` starts with, subscribed ahead by
/// its reader from the first connect: a refused SUBSCRIBE shows at start.
std::vector<std::string> first_reply_channels(const std::string& inbox);

/// Sends requests and matches their replies by the channel they came on:
/// each request gets a reply channel of its own ("<inbox>.<n>", used once),
/// all of them subscribed on the broker's one inbox connection
/// (`channels`), so a reply is found whatever correlation id or headers
/// the responder set. Channels are subscribed ahead of need, in batches, so
/// a request goes out at once, without waiting for its SUBSCRIBE; one that
/// finds none ready waits for its own. An answered request's channel is
/// unsubscribed at once (a second reply is never seen); a timed-out one's
/// stays subscribed for as long again as the request's timeout (1 s to
/// 30 s), so that a late reply is dropped and counted.
///
/// Handles register_atom (outgoing_request), subscribed_atom (channels
/// Redis confirmed), disarm_atom (the inbox connection was lost: Redis
/// dropped every subscription, to be confirmed again), batch_atom (replies),
/// fail_atom (channel, error: the request could not be sent) and
/// sweep_atom, which fails requests whose deadline passed, from one
/// periodic sweep rather than a timer per request. A reply carrying
/// wire_headers::error completes its request with errc::remote_error.
///
/// Runs on the I/O loop (the reader's thread). Callbacks run there and must
/// be short; requests still pending when it exits fail with
/// errc::connection_lost. Every request registered must have reserved a
/// pending slot in `stats`, which the router releases when it completes.
caf::behavior reply_router(caf::stateful_actor<reply_router_state>* self,
                           std::string inbox,
                           std::vector<std::string> first_channels,
                           std::weak_ptr<redis::reply_channel_reader> channels,
                           std::shared_ptr<request_stats> stats);

} // namespace redactor::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(redactor::actors::outgoing_request)
