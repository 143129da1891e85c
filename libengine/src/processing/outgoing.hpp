// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include "redactor/publish_options.hpp"
#include "redactor/publish_result.hpp"
#include "redactor/result.hpp"
#include "redis/reply.hpp"

namespace redactor::processing::outgoing {

/// A BinaryMessageFormatV1 frame with FastStream's headers; a fresh
/// correlation id when options carry none. The body alone when
/// options.raw.
result<std::string> frame(std::string_view body,
                          const publish_options& options);

/// Redis's answer as a publish_result, or its error.
result<publish_result> to_result(result<redis::reply> r);

} // namespace redactor::processing::outgoing
