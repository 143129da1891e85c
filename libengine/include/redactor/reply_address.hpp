// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include "redactor/destination.hpp"

/// How a reply_to names where the reply goes.
///
/// FastStream always answers with PUBLISH to reply_to. Redactor reads a
/// reply_to with a scheme as a destination of that kind:
///
///   channel://NAME   PUBLISH NAME frame
///   list://NAME      RPUSH NAME frame
///   stream://NAME    XADD NAME [MAXLEN ~ n] * __data__ frame
///
/// and anything else as a plain name, which is a channel unless the
/// subscription says otherwise (subscription_options::reply_kind). So a
/// FastStream requester, whose inboxes are bare 22-character names, gets
/// exactly the PUBLISH it expects, while a requester that cannot hold a
/// Pub/Sub connection, or must not lose a reply, can ask for a list or a
/// stream. A responder writes to lists and streams only under the key
/// prefixes its subscription allows (subscription_options::
/// reply_key_prefixes); by default it answers channels only.
namespace redactor {

/// The destination `reply_to` names; `plain` is the kind of a name without
/// a scheme.
destination
reply_destination(std::string_view reply_to,
                  destination::kind plain = destination::kind::channel);

/// The reply_to text naming `to`: "list://NAME", "stream://NAME", or the
/// bare name for a channel.
std::string reply_address(const destination& to);

} // namespace redactor
