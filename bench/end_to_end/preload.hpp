// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "workload.hpp"

namespace redactor::bench {

/// Appends `count` copies of one_way_frame() to the list or stream `key`,
/// pipelined 1,000 at a time, and creates the scenarios' consumer group on
/// a stream from its start.
void preload(const std::string& url, transport t, const std::string& key,
             std::uint64_t count);

/// Waits until the list `key` holds `count` items; false after `timeout`.
bool wait_for_list_length(const std::string& url, const std::string& key,
                          std::size_t count, std::chrono::seconds timeout);

/// DEL `key`, so a scenario leaves Redis as it found it.
void delete_key(const std::string& url, const std::string& key);

} // namespace redactor::bench
