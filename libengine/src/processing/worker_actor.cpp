// SPDX-License-Identifier: MIT
#include "processing/worker_actor.hpp"

#include <caf/send.hpp>

#include "execution/atoms.hpp"

namespace redactor::processing {

worker_actor_handle::behavior_type
worker_actor(worker_actor_handle::stateful_pointer<worker_state> self,
             chunk_done_receiver parent,
             std::shared_ptr<const message_processor> processor,
             std::shared_ptr<const std::atomic<bool>> stopping,
             execution::handler_pool* pool) {
  // Starts what is queued; on the pool, one chunk at a time.
  auto pump = [=] {
    auto& st = self->state;
    while (!st.busy && !st.queue.empty()) {
      auto chunk = std::move(st.queue.front());
      st.queue.pop_front();
      auto settled = [parent, chunk] {
        caf::anon_send(parent, execution::done_atom::value, chunk);
      };
      if (!pool) {
        if (processor->run(chunk, *stopping, settled))
          self->send(parent, execution::done_atom::value, chunk);
        continue;
      }
      st.busy = true;
      pool->run([me = worker_actor_handle{self}, processor, stopping, chunk,
                 settled] {
        if (processor->run(chunk, *stopping, settled))
          settled();
        caf::anon_send(me, execution::ran_atom::value);
      });
    }
  };
  return {
      [=](execution::work_atom, work_chunk_ptr& chunk) {
        self->state.queue.push_back(std::move(chunk));
        pump();
      },
      [=](execution::ran_atom) {
        self->state.busy = false;
        pump();
      },
  };
}

} // namespace redactor::processing
