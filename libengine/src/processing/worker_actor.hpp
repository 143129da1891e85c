// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <deque>
#include <memory>

#include <caf/stateful_actor.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "execution/atoms.hpp"
#include "execution/handler_pool.hpp"
#include "processing/message_processor.hpp"

namespace redactor::processing {

/// What a worker takes: chunks, and word that its chunk ran on the pool.
using worker_actor_handle =
    caf::typed_actor<caf::reacts_to<execution::work_atom, work_chunk_ptr>,
                     caf::reacts_to<execution::ran_atom>>;

/// Where a worker reports a settled chunk: its subscription actor.
using chunk_done_receiver =
    caf::typed_actor<caf::reacts_to<execution::done_atom, work_chunk_ptr>>;

struct worker_state {
  /// Chunks waiting for the one before them to finish on the pool.
  std::deque<work_chunk_ptr> queue;
  bool busy = false;

  static inline const char* name = "redactor.worker";
};

/// Runs the user's handler over the chunks its subscription sends, one
/// chunk after the other: inline when `pool` is null (non-blocking
/// handlers), else on the handler pool, so the loop never waits for it.
/// Answers each chunk with done_atom to `parent` once it is settled, which
/// for handlers answering through a responder may be later than the run.
worker_actor_handle::behavior_type
worker_actor(worker_actor_handle::stateful_pointer<worker_state> self,
             chunk_done_receiver parent,
             std::shared_ptr<const message_processor> processor,
             std::shared_ptr<const std::atomic<bool>> stopping,
             execution::handler_pool* pool);

} // namespace redactor::processing
