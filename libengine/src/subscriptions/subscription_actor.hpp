// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>

#include <caf/stateful_actor.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include "execution/handler_pool.hpp"
#include "processing/message_processor.hpp"
#include "processing/worker_actor.hpp"
#include "subscriptions/subscription_source.hpp"

namespace redactor::subscriptions {

/// What a subscription actor works with.
struct subscription_setup {
  std::shared_ptr<const processing::message_processor> processor;
  /// Where its messages come from: credit, acknowledgements, give-backs,
  /// the stop of reading.
  std::shared_ptr<subscription_source> source;
  /// Where blocking handlers run; null: inline on the loop.
  execution::handler_pool* pool = nullptr;
  std::chrono::milliseconds graceful_timeout{0};
  log_sink log;
  /// Set once no further item may begin: by the stop, or before it by
  /// whoever stops taking messages (subscription_handle::stop_taking).
  std::shared_ptr<std::atomic<bool>> stopping =
      std::make_shared<std::atomic<bool>>(false);
};

/// What a subscription actor takes: its reader's batches, its workers'
/// settled chunks, a stop (answered once stopped), and the steps of its
/// own stop.
using subscription_actor_handle = caf::typed_actor<
    caf::reacts_to<execution::batch_atom, redis::inbound_batch>,
    caf::reacts_to<execution::done_atom, processing::work_chunk_ptr>,
    caf::replies_to<execution::stop_atom>::with<execution::stop_atom>,
    caf::reacts_to<execution::drained_atom>,
    caf::reacts_to<execution::deadline_atom>,
    caf::reacts_to<execution::pushed_atom>>;

struct subscription_state {
  struct flight {
    processing::work_chunk_ptr chunk;
    std::size_t worker;
  };

  subscription_setup setup;
  std::vector<processing::worker_actor_handle> workers;
  /// Items in flight per worker.
  std::vector<std::size_t> load;
  std::vector<flight> in_flight;
  bool stop_begun = false;
  bool reader_drained = false;
  bool finishing = false;
  /// Items taken from the reader so far: each item's read position.
  std::uint64_t items_read = 0;
  /// List items read but never handled, by read position: pushed back on
  /// stop in the order they were read, whichever worker held them.
  std::map<std::uint64_t, redis::inbound> unhandled;
  /// graceful_timeout after the stop began: the push-back is retried
  /// while Redis is away until then.
  subscription_source::clock::time_point stop_deadline;
  std::vector<caf::typed_response_promise<execution::stop_atom>> stop_waiters;

  static inline const char* name = "redactor.subscription";
};

/// One per subscription: takes the reader's batches, splits them over its
/// `max_workers` workers, acknowledges stream entries (once per chunk),
/// gives nacked list items back, grants the source credit as chunks
/// finish, and runs the graceful stop.
/// Handles batch_atom (from the reader), done_atom (from workers) and
/// stop_atom (a request, answered once stopped).
subscription_actor_handle::behavior_type subscription_actor(
    subscription_actor_handle::stateful_pointer<subscription_state> self,
    subscription_setup setup);

} // namespace redactor::subscriptions
