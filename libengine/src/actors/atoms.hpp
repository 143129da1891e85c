// SPDX-License-Identifier: MIT
#pragma once

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>

#include "processing/work_chunk.hpp"

namespace redactor::actors {

/// A reader's batch for the subscription actor.
using batch_atom = caf::atom_constant<caf::atom("batch")>;
/// A chunk for a worker, and the worker's answer.
using work_atom = caf::atom_constant<caf::atom("work")>;
using done_atom = caf::atom_constant<caf::atom("done")>;
/// Graceful stop, and its steps.
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using drained_atom = caf::atom_constant<caf::atom("drained")>;
using deadline_atom = caf::atom_constant<caf::atom("deadline")>;
using pushed_atom = caf::atom_constant<caf::atom("pushed")>;

} // namespace redactor::actors

// Chunks are shared with the worker on purpose and never leave the process.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(redactor::work_chunk_ptr)
