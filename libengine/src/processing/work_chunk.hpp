// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>

#include "redis/inbound.hpp"

namespace redactor::processing {

/// What becomes of one item once it is handled.
enum class item_outcome : char {
  /// Nothing more: a list item or channel message is done with; a stream
  /// entry stays pending.
  none,
  /// XACK the stream entry.
  ack,
  /// Push the list item back to the head of its list (a handler's nack()).
  requeue,
};

/// Payloads handed to one worker in one actor message, and what the worker
/// made of them. Shared between the subscription actor and the worker, so
/// that a stop can tell which payloads a stuck worker never started.
struct work_chunk {
  redis::inbound_batch items;
  /// The read position of the first item (see subscription_state).
  std::uint64_t first_read = 0;
  /// Written by the worker: per item, what to do with it now.
  std::vector<item_outcome> outcomes;
  /// How many items the worker has begun; items from here on were skipped
  /// because of a stop.
  std::atomic<std::size_t> started{0};
  /// The run itself, plus each answer a handler deferred (responder) and
  /// has not given yet; the chunk is settled, `ack` final, at zero.
  std::atomic<std::size_t> unsettled{1};
};

using work_chunk_ptr = std::shared_ptr<work_chunk>;

} // namespace redactor::processing

// Shared with the worker on purpose: never leaves the process.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(redactor::processing::work_chunk_ptr)
