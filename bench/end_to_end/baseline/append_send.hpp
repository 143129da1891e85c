// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "baseline/raw_connection.hpp"
#include "workload.hpp"

namespace redactor::bench::baseline {

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

} // namespace redactor::bench::baseline
