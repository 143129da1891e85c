// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <deque>
#include <memory>

#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "execution/handler_pool.hpp"
#include "processing/message_processor.hpp"

namespace redactor::actors {

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
caf::behavior worker_actor(caf::stateful_actor<worker_state>* self,
                           caf::actor parent,
                           std::shared_ptr<const message_processor> processor,
                           std::shared_ptr<const std::atomic<bool>> stopping,
                           execution::handler_pool* pool);

} // namespace redactor::actors
