// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <memory>

#include <caf/event_based_actor.hpp>

#include "processing/message_processor.hpp"

namespace redactor::actors {

/// Runs the user's handler over the chunks its subscription sends, one
/// chunk after the other, and answers each with done_atom.
caf::behavior worker_actor(caf::event_based_actor* self, caf::actor parent,
                           std::shared_ptr<const message_processor> processor,
                           std::shared_ptr<const std::atomic<bool>> stopping);

} // namespace redactor::actors
