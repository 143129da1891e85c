// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/request_stats.hpp"
#include "redactor/message.hpp"
#include "redactor/result.hpp"
#include "subscriptions/subscription_spec.hpp"

namespace redactor::actors {

using reply_callback = std::function<void(result<message>)>;

struct reply_router_state {
  using clock = std::chrono::steady_clock;

  struct pending {
    reply_callback callback;
    std::multimap<clock::time_point, std::string>::iterator deadline;
  };

  /// How replies on the inbox are decoded.
  subscription_spec inbox;
  std::unordered_map<std::string, pending> requests;
  std::multimap<clock::time_point, std::string> deadlines;
  bool sweeping = false;
  std::shared_ptr<request_stats> stats;

  static inline const char* name = "redactor.reply_router";
};

/// Matches replies on the broker's one Pub/Sub inbox to pending requests by
/// correlation id, and fails requests whose deadline passed, from one
/// periodic sweep rather than a timer per request. Handles register_atom
/// (cid, deadline, callback), batch_atom (inbox messages), fail_atom (cid,
/// error: the request could not be sent) and sweep_atom. A reply carrying
/// wire_headers::error completes its request with errc::remote_error.
/// Callbacks run on the router's thread and must be short; requests still
/// pending when it exits fail with errc::connection_lost. Every request
/// registered must have reserved a pending slot in `stats`, which the
/// router releases when the request completes.
caf::behavior reply_router(caf::stateful_actor<reply_router_state>* self,
                           std::string inbox,
                           std::shared_ptr<request_stats> stats);

} // namespace redactor::actors
