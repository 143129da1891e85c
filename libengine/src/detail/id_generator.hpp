// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace redactor::detail {

/// A random RFC 4122 version-4 UUID in canonical text form (36 chars), the
/// shape FastStream uses for generated correlation ids. Thread-safe: each
/// thread draws from its own generator.
std::string new_uuid4();

} // namespace redactor::detail
