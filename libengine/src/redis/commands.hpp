// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "codec/frame_list.hpp"
#include "redactor/destination.hpp"
#include "redactor/list_sub.hpp"
#include "redis/inbound.hpp"

/// The Redis commands the engine sends on behalf of what it means: the
/// one place that spells them.
namespace redactor::redis::commands {

/// The one field of a stream entry: `XADD key * __data__ <frame>`, as
/// FastStream writes it.
inline constexpr std::string_view stream_data_field = "__data__";

/// PUBLISH (SPUBLISH), RPUSH (all frames in one command) or XADD ...
/// __data__ with the destination's MAXLEN (one frame).
std::vector<std::string> append(const destination& to, frame_list frames);

/// XACK of stream entries `ids` for `group`.
std::vector<std::string> acknowledge(const std::string& stream,
                                     const std::string& group,
                                     std::vector<std::string> ids);

/// Pushes `items` back to the `end` of `list` they were popped from, so
/// that they are popped again in their order (a push inserts one by one at
/// that end, so they go reversed).
std::vector<std::string> give_back(const std::string& list, list_end end,
                                   inbound_batch items);

/// WAIT: blocks the connection until `replicas` replicas hold its writes,
/// or `timeout` passed.
std::vector<std::string> wait_replicas(long long replicas,
                                       std::chrono::milliseconds timeout);

/// XINFO GROUPS: each group's pending count and lag.
std::vector<std::string> group_info(const std::string& stream);

} // namespace redactor::redis::commands
