// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include <boost/container/small_vector.hpp>

namespace redactor {

/// The encoded messages of one publish, on their way to Redis. Almost
/// every publish carries one, which is held without an allocation.
using frame_list = boost::container::small_vector<std::string, 1>;

} // namespace redactor
