// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/unordered/unordered_flat_set.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "execution/atoms.hpp"
#include "processing/message_access.hpp"
#include "redis/reply_channel_reader.hpp"
#include "requests/pending_requests.hpp"

namespace redactor::requests {

/// A request for the router to send and wait for.
struct outgoing_request {
  std::chrono::steady_clock::time_point deadline;
  request_job_ptr job;
};

/// What a reply router takes; anything else does not compile.
using reply_router_actor = caf::typed_actor<
    caf::reacts_to<execution::register_atom, outgoing_request>,
    caf::reacts_to<execution::subscribed_atom, std::vector<std::uint64_t>>,
    caf::reacts_to<execution::disarm_atom>,
    caf::reacts_to<execution::batch_atom, redis::inbound_batch>,
    caf::reacts_to<execution::fail_atom, std::uint64_t, error_info>,
    caf::reacts_to<execution::sweep_atom>>;

struct reply_router_state {
  using channel_id = pending_requests::channel_id;

  /// The inbox its reply channels are named after ("<inbox>.<n>"); inside
  /// the router a channel is its number n.
  std::string inbox;
  /// Where replies say they were read: the inbox, one string for all.
  processing::message_source replies_from;
  std::weak_ptr<redis::reply_channels> channels;
  channel_id channels_made = 0;
  /// Emplaced when the router starts (it needs the router to release
  /// channels).
  std::optional<pending_requests> requests;
  /// Channels subscribed ahead of need and confirmed by Redis: `ready`
  /// says which (so a late or forged reply finds one in constant time),
  /// `ready_order` hands them out oldest first and may still name some
  /// that were dropped since.
  boost::unordered_flat_set<channel_id> ready;
  std::deque<channel_id> ready_order;
  /// Subscribed ahead of need, awaiting Redis's confirmation.
  boost::unordered_flat_set<channel_id> arming;
  /// How many channels to keep subscribed ahead; doubles whenever a
  /// request found none ready.
  std::size_t ahead = 0;
  bool sweeping = false;

  static inline const char* name = "redactor.reply_router";
};

/// The reply channels a router starts with (1 to this), subscribed ahead
/// by its reader from the first connect: a refused SUBSCRIBE shows at
/// start.
inline constexpr std::uint64_t first_reply_channels = 64;

/// Sends requests and routes their replies, on the Redis side of a
/// pending_requests table (which decides how each request ends):
/// each request gets a reply channel of its own ("<inbox>.<n>", used once),
/// all of them subscribed on the broker's one inbox connection
/// (`channels`). Channels are subscribed ahead of need, in batches, so a
/// request goes out at once, without waiting for its SUBSCRIBE; one that
/// finds none ready waits for its own. A channel the table is done with is
/// unsubscribed.
///
/// Handles register_atom (outgoing_request), subscribed_atom (channels
/// Redis confirmed), disarm_atom (the inbox connection was lost: Redis
/// dropped every subscription, to be confirmed again), batch_atom (replies),
/// fail_atom (channel number, error: the request could not be sent) and
/// sweep_atom, which fails requests whose deadline passed, from one
/// periodic sweep rather than a timer per request.
///
/// Runs on the I/O loop (the reader's thread). Callbacks run there and must
/// be short; requests still pending when it exits fail with
/// errc::connection_lost. Every request registered must have reserved a
/// pending slot in `stats`, which the router releases when it completes.
reply_router_actor::behavior_type
reply_router(reply_router_actor::stateful_pointer<reply_router_state> self,
             std::string inbox, std::weak_ptr<redis::reply_channels> channels,
             std::shared_ptr<request_stats> stats);

} // namespace redactor::requests

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(redactor::requests::outgoing_request)
