// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>
#include <vector>

#include "baseline/raw_connection.hpp"
#include "workload.hpp"

namespace redactor::bench::baseline {

// The commands the baseline sends, in one place for its servers,
// consumers and publisher.

/// Queues the command that sends `payload` to `key` over `t`: PUBLISH,
/// RPUSH or XADD with FastStream's one field, as Redactor writes them.
inline void append_send(raw_connection& c, transport t, std::string_view key,
                        std::string_view payload) {
  switch (t) {
  case transport::channel:
    return c.append({"PUBLISH", key, payload});
  case transport::list:
    return c.append({"RPUSH", key, payload});
  case transport::stream:
    return c.append({"XADD", key, "*", stream_field, payload});
  }
}

/// BLMPOP 1 1 <key> LEFT COUNT <count>: up to `count` items, blocking up
/// to 1 s. Its reply is [list, [items]], or nil.
inline void append_list_read(raw_connection& c, std::string_view key,
                             std::string_view count) {
  c.append({"BLMPOP", "1", "1", key, "LEFT", "COUNT", count});
}

/// XREADGROUP in the scenarios' group: up to `count` new entries, blocking
/// up to 1 s. Its reply is [[stream, [[id, [field, value]]...]]], or nil.
inline void append_group_read(raw_connection& c, std::string_view key,
                              std::string_view count) {
  c.append({"XREADGROUP", "GROUP", group_name, consumer_name, "BLOCK", "1000",
            "COUNT", count, "STREAMS", key, ">"});
}

/// XACK of every entry in `entries` (a group read's entry list); `scratch`
/// is reused between calls and views the reply, which must outlive this.
inline void append_ack(raw_connection& c, std::string_view key,
                       const redisReply* entries,
                       std::vector<std::string_view>& scratch) {
  scratch.assign({"XACK", key, group_name});
  for (std::size_t i = 0; i < entries->elements; ++i)
    scratch.push_back(text_of(entries->element[i]->element[0]));
  c.append(scratch);
}

} // namespace redactor::bench::baseline
