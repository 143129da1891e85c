// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>

/// Not API: the part of message's layout the engine's decoder fills in.
namespace redactor::detail {

/// Where the headers the engine reads by name sit in a payload, found in
/// the pass that checks it, so that reading one later takes constant time
/// instead of a scan of every header. The first header of each name wins.
struct named_headers {
  enum name : std::uint8_t {
    correlation_id,
    message_id,
    reply_to,
    content_type,
    deadline,
    error,
    traceparent,
    tracestate,
    count,
  };

  static constexpr std::uint32_t absent = UINT32_MAX;

  struct spot {
    /// The position in the header list.
    std::uint32_t index = absent;
    /// In a frame: where the value's bytes are.
    std::uint32_t offset = 0;
    std::uint32_t size = 0;

    bool found() const noexcept { return index != absent; }
  };

  std::array<spot, count> spots{};

  const spot& operator[](name n) const noexcept { return spots[n]; }
  spot& operator[](name n) noexcept { return spots[n]; }

  /// Whether an id has to be generated: a payload missing its
  /// correlation_id or its message_id gets one for both, as in FastStream.
  bool needs_generated_id() const noexcept {
    return !spots[correlation_id].found() || !spots[message_id].found();
  }
};

} // namespace redactor::detail
