// SPDX-License-Identifier: MIT
#include "actors/worker_actor.hpp"

#include "actors/atoms.hpp"

namespace redactor::actors {

caf::behavior worker_actor(caf::event_based_actor* self, caf::actor parent,
                           std::shared_ptr<const message_processor> processor,
                           std::shared_ptr<const std::atomic<bool>> stopping) {
  return {
      [=](work_atom, const work_chunk_ptr& chunk) {
        processor->run(*chunk, *stopping);
        self->send(parent, done_atom::value, chunk);
      },
  };
}

} // namespace redactor::actors
