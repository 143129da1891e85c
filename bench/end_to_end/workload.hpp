// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace redactor::bench {

/// The Redis transport a scenario runs over.
enum class transport { channel, list, stream };

std::string_view name_of(transport t) noexcept;
std::optional<transport> parse_transport(std::string_view name) noexcept;

/// Every message carries a 100-byte body, as in the perf anchors.
inline constexpr std::size_t body_size = 100;

/// The body of requests, replies and one-way messages.
const std::string& message_body();

/// A one-way message as Redactor publishes it: a FastStream binary frame
/// with a correlation id around message_body(). Both sides consume these
/// same bytes.
const std::string& one_way_frame();

/// The list that requests waiting through an RPC run go to: nobody reads
/// it, so they stay pending.
inline std::string waiting_key(const std::string& key) {
  return key + ":waiting";
}

/// FastStream's one stream field.
inline constexpr std::string_view stream_field = "__data__";

/// The consumer group and consumer every stream scenario uses.
inline constexpr std::string_view group_name = "bench";
inline constexpr std::string_view consumer_name = "c1";

} // namespace redactor::bench
