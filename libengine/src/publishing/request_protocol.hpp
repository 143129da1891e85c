// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <string>

#include "redactor/message.hpp"
#include "redactor/publish_options.hpp"
#include "redactor/result.hpp"

namespace redactor::request_protocol {

/// What a request carries on top of `options`: a correlation id (a fresh
/// one unless given) and the deadline header (wire_headers::deadline, Unix
/// ms, now + timeout). Its reply_to is the reply channel it is given when
/// it leaves.
publish_options outgoing(publish_options options,
                         std::chrono::milliseconds timeout);

/// A reply as the requester sees it: the message, or errc::remote_error
/// with the responder's text when it carries wire_headers::error.
result<message> outcome(message reply);

} // namespace redactor::request_protocol
