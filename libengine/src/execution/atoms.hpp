// SPDX-License-Identifier: MIT
#pragma once

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>

#include <chrono>

#include "redactor/error.hpp"

namespace redactor::execution {

/// A reader's batch for the subscription actor.
using batch_atom = caf::atom_constant<caf::atom("batch")>;
/// A chunk for a worker, and the worker's answer.
using work_atom = caf::atom_constant<caf::atom("work")>;
using done_atom = caf::atom_constant<caf::atom("done")>;
/// A worker's chunk finished its run on the handler pool.
using ran_atom = caf::atom_constant<caf::atom("ran")>;
/// Graceful stop, and its steps.
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using drained_atom = caf::atom_constant<caf::atom("drained")>;
using deadline_atom = caf::atom_constant<caf::atom("deadline")>;
using pushed_atom = caf::atom_constant<caf::atom("pushed")>;
/// Requests and their replies (reply_router).
using register_atom = caf::atom_constant<caf::atom("register")>;
using fail_atom = caf::atom_constant<caf::atom("fail")>;
using sweep_atom = caf::atom_constant<caf::atom("sweep")>;
/// Reply channels Redis confirmed; the inbox connection was lost.
using subscribed_atom = caf::atom_constant<caf::atom("subscribed")>;
using disarm_atom = caf::atom_constant<caf::atom("disarm")>;

} // namespace redactor::execution

// Local-only types: errors and time points never leave the process.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(redactor::error_info)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::chrono::steady_clock::time_point)
