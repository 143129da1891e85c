// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "redactor/destination.hpp"
#include "redactor/handler_mode.hpp"

namespace redactor {

/// Settings every subscription kind shares.
struct subscription_options {
  /// Handlers running at once for this subscription. With 1, messages are
  /// handled one after the other in the order they were read; with more,
  /// they run concurrently and finish in any order.
  std::size_t max_workers = 1;
  /// Where the handlers run: on the handler pool (blocking) or inline on
  /// the I/O thread (non_blocking); see handler_mode.
  handler_mode handlers = handler_mode::broker_default;
  /// A handler's response is also published to each of these (FastStream's
  /// `@publisher`).
  std::vector<destination> publish_to;
  /// Do not answer messages that carry reply_to.
  bool no_reply = false;
  /// Where a reply goes when reply_to is a plain name (see
  /// reply_address.hpp): a channel, as in FastStream, or a list or stream
  /// of that name.
  destination::kind reply_kind = destination::kind::channel;
  /// The lists and streams a reply may be written to, by key prefix. A
  /// reply_to is chosen by whoever sends the message, so by default replies
  /// go to channels only (what FastStream requesters use): a message whose
  /// reply_to names a list or a stream (list://, stream://, or a plain name
  /// with reply_kind list or stream) whose key starts with none of these is
  /// dropped unhandled, logged and counted (subscription_counts::
  /// refused_replies), and acknowledged. {""} allows every key, which lets
  /// any sender make the service append to, and trim (reply_maxlen), any
  /// list or stream it can write.
  std::vector<std::string> reply_key_prefixes;
  /// Replies to a stream are trimmed to about this many entries, unless the
  /// response sets its own maxlen; 0: no trimming.
  std::size_t reply_maxlen = 0;
  /// A payload that carries FastStream's binary magic but whose frame is
  /// broken reaches the handler as raw bytes, as in FastStream (with
  /// message::decode_error() set). With this set it is refused instead:
  /// logged, counted and settled as a failure (a stream entry stays
  /// pending, and reaches the dead-letter stream after max_deliveries).
  bool reject_undecodable = false;
};

} // namespace redactor
