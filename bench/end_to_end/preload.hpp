// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

#include "workload.hpp"

namespace redactor::bench {

/// Appends `count` copies of one_way_frame() to the list or stream `key`,
/// pipelined 1,000 at a time, and creates the scenarios' consumer group on
/// a stream from its start.
void preload(const std::string& url, transport t, const std::string& key,
             std::uint64_t count);

/// DEL `key`, so a scenario leaves Redis as it found it.
void delete_key(const std::string& url, const std::string& key);

} // namespace redactor::bench
