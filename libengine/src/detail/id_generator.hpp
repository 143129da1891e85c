// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>

namespace redactor::detail {

/// A random RFC 4122 version-4 UUID in canonical text form (36 chars), the
/// shape FastStream uses for generated correlation ids. Thread-safe: each
/// thread draws from its own generator.
std::string new_uuid4();

/// The length of new_uuid4()'s text.
inline constexpr std::size_t uuid_size = 36;

/// new_uuid4() written into `out` (uuid_size chars, no terminator): for
/// an id used once, in place, without a string of its own.
void write_uuid4(char* out);

/// `n` random characters from [A-Z0-9], the alphabet of RedisRPC's Python
/// client for response list suffixes. Thread-safe likewise.
std::string new_token(std::size_t n);

} // namespace redactor::detail
