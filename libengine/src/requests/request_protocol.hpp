// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "redactor/message.hpp"
#include "redactor/publish_options.hpp"
#include "redactor/result.hpp"

/// What a Redactor request carries on the wire and how its reply is read:
/// the requester's side (outgoing, outcome, inbox names) and the
/// responder's (overdue).
namespace redactor::requests {

/// What a request carries on top of `options`: a correlation id (a fresh
/// one unless given) and the deadline header (wire_headers::deadline, Unix
/// ms, now + timeout). Its reply_to is the reply channel it is given when
/// it leaves.
publish_options outgoing(publish_options options,
                         std::chrono::milliseconds timeout);

/// A reply as the requester sees it: the message, or errc::remote_error
/// with the responder's text when it carries wire_headers::error.
result<message> outcome(message reply);

/// How long ago the deadline `request` carries passed; nothing when it
/// carries none, an unreadable one (the request is run rather than
/// dropped) or one still ahead.
std::optional<std::chrono::milliseconds> overdue(const message& request);

/// A broker's own inbox: "redactor:inbox:<uuid4>". Its reply channels are
/// "<inbox>.<n>".
std::string new_inbox();

/// The `n`th reply channel of `inbox`, each used by one request only.
std::string reply_channel(const std::string& inbox, std::uint64_t n);

/// Appends reply_channel(inbox, n) to `out`.
void append_reply_channel(std::string& out, const std::string& inbox,
                          std::uint64_t n);

/// The n of a reply channel of `inbox`; nothing for any other channel.
std::optional<std::uint64_t> reply_channel_number(const std::string& inbox,
                                                  std::string_view channel);

} // namespace redactor::requests
