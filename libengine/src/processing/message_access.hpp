// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>

#include "redactor/message.hpp"
#include "redis/inbound.hpp"
#include "subscriptions/subscription_spec.hpp"

namespace redactor::processing {

/// Where a message was read, as the message tells its handler.
struct message_source {
  source_kind kind = source_kind::channel;
  /// The channel (pattern), list or stream, shared by the messages.
  std::shared_ptr<const std::string> name;
  /// Channels with `{name}` segments: the message's path parameters.
  const subscriptions::path_pattern* params = nullptr;
  /// Channels: subscribed by a pattern, so each message names its own.
  bool pattern = false;

  static message_source of(const subscriptions::subscription_spec& spec) {
    // A spec made elsewhere than the broker (a test's) may not share one.
    auto out = spec.shared_name ? message_source{spec.kind, spec.shared_name}
                                : named(spec.kind, spec.name);
    out.params = spec.params ? &*spec.params : nullptr;
    out.pattern = spec.pattern;
    return out;
  }

  /// For a source read from now and then (tests, the test broker).
  static message_source named(source_kind kind, std::string name) {
    return {kind, std::make_shared<const std::string>(std::move(name))};
  }
};

/// Decodes `in` (FastStream's binary frame, legacy envelope or raw) into
/// the message a handler sees, read from `from`; from an rvalue, its
/// payload, channel and entry id are moved, not copied. The message keeps
/// the payload: a frame's headers are read from it when asked for.
message decode_message(const redis::inbound& in, const message_source& from);
message decode_message(redis::inbound&& in, const message_source& from);
/// As from an rvalue, but `in` keeps its entry id: for an item whose
/// payload nobody reads again but whose id a stream's acknowledgement
/// still needs.
message decode_message_taking_payload(redis::inbound& in,
                                      const message_source& from);

/// The engine's way into message's private fields.
struct message_access {
  static message decode(const redis::inbound& in, const message_source& from);
  static message decode(redis::inbound&& in, const message_source& from);
  static message decode_taking_payload(redis::inbound& in,
                                       const message_source& from);

  /// reply_to() and correlation_id() read in place, in constant time, for
  /// the engine's own use: answering a request reads no other header.
  static std::string_view reply_to(const message& m);
  static std::string_view correlation_id(const message& m);

 private:
  /// The message in `payload`, which it keeps: a frame whole, raw bytes
  /// as they are.
  static message assemble(std::string payload, std::string id,
                          std::string channel, const message_source& from);
};

inline message decode_message(const redis::inbound& in,
                              const message_source& from) {
  return message_access::decode(in, from);
}

inline message decode_message(redis::inbound&& in, const message_source& from) {
  return message_access::decode(std::move(in), from);
}

inline message decode_message_taking_payload(redis::inbound& in,
                                             const message_source& from) {
  return message_access::decode_taking_payload(in, from);
}

} // namespace redactor::processing
