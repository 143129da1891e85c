// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/subscription_source.hpp"
#include "execution/handler_pool.hpp"
#include "processing/message_processor.hpp"

namespace redactor::actors {

/// What a subscription actor works with.
struct subscription_setup {
  std::shared_ptr<const message_processor> processor;
  /// Where its messages come from: credit, acknowledgements, give-backs,
  /// the stop of reading.
  std::shared_ptr<subscription_source> source;
  /// Where blocking handlers run; null: inline on the loop.
  execution::handler_pool* pool = nullptr;
  std::chrono::milliseconds graceful_timeout{0};
  log_sink log;
};

struct subscription_state {
  struct flight {
    work_chunk_ptr chunk;
    std::size_t worker;
  };

  subscription_setup setup;
  std::vector<caf::actor> workers;
  /// Items in flight per worker.
  std::vector<std::size_t> load;
  std::vector<flight> in_flight;
  std::shared_ptr<std::atomic<bool>> stopping =
      std::make_shared<std::atomic<bool>>(false);
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
  std::vector<caf::response_promise> stop_waiters;

  static inline const char* name = "redactor.subscription";
};

/// One per subscription: takes the reader's batches, splits them over its
/// `max_workers` workers, acknowledges stream entries (once per chunk),
/// gives nacked list items back, grants the source credit as chunks
/// finish, and runs the graceful stop.
/// Handles batch_atom (from the reader), done_atom (from workers) and
/// stop_atom (a request, answered once stopped).
caf::behavior subscription_actor(caf::stateful_actor<subscription_state>* self,
                                 subscription_setup setup);

} // namespace redactor::actors
