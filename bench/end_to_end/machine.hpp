// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "results.hpp"

namespace redactor::bench {

/// CPU model, cores, kernel, and the version of the Redis at `url`.
machine_info describe_machine(const std::string& url, bool own_redis);

} // namespace redactor::bench
