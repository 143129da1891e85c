// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace redactor::bench::baseline {

// The baseline's request and reply: flat JSON objects, written and read
// without a JSON library, as the perf anchors' programs do.

/// {"correlation_id":"<cid>","reply_to":"<reply_to>","body":"<body>"}
void write_request(std::string& out, std::string_view correlation_id,
                   std::string_view reply_to, std::string_view body);

/// {"correlation_id":"<cid>","body":"<body>"}
void write_reply(std::string& out, std::string_view correlation_id,
                 std::string_view body);

/// The string value of "name" in an object written above; empty when
/// absent.
std::string_view field_of(std::string_view json, std::string_view name);

} // namespace redactor::bench::baseline
