// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>

namespace redactor::detail {

/// A random RFC 4122 version-4 UUID in canonical text form (36 chars), the
/// shape FastStream uses for generated correlation ids. Thread-safe: each
/// thread draws from its own generator.
std::string new_uuid4();

/// `n` random characters from [A-Z0-9], the alphabet of RedisRPC's Python
/// client for response list suffixes. Thread-safe likewise.
std::string new_token(std::size_t n);

} // namespace redactor::detail
