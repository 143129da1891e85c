// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "redactor/codec/payload.hpp"
#include "redactor/detail/named_headers.hpp"
#include "redactor/error.hpp"
#include "redactor/header_list.hpp"

namespace redactor {

namespace processing {
struct message_access;
} // namespace processing

/// Where a message was read from.
enum class source_kind { channel, list, stream };

/// How a handler settled a message; see ack_policy.
enum class settlement { none, ack, nack, reject };

/// One received message, as a handler sees it.
///
/// The payload was unwrapped as FastStream does: a BinaryMessageFormatV1
/// frame, the legacy JSON envelope, or raw bytes (then there are no headers
/// and correlation_id and message_id share one generated id).
///
/// Threading: a message belongs to the handler call it was passed to. Its
/// accessors are const and may be used from any thread; ack(), nack() and
/// reject() count only when called before that handler returns.
class message {
 public:
  /// The body bytes.
  std::string_view body() const noexcept {
    // Clamped: a moved-from message keeps its offset but not its payload.
    return std::string_view{payload_}.substr(
        body_at_ < payload_.size() ? body_at_ : payload_.size());
  }

  /// The body as text; throws redactor::error (errc::invalid_utf8) when it
  /// is not UTF-8.
  std::string_view text() const;

  /// The headers, in the order they came. A frame's are read out of it
  /// on the first call that needs them all (which may allocate), and
  /// every later call returns the same list.
  const header_list& headers() const;

  /// The value of the first header named `name`, if present. Reads it in
  /// place, without copying the headers; those the engine reads itself
  /// (correlation_id, reply_to, traceparent, ...) in constant time.
  std::optional<std::string_view> header(std::string_view name) const;

  /// The correlation_id header, or the generated id when absent. The id is
  /// generated on the first call that needs it (which may allocate), and
  /// every call and every copy of the message return the same one.
  const std::string& correlation_id() const;
  /// The message_id header, or the generated id when absent, as above.
  const std::string& message_id() const;
  /// The reply_to header; empty when the sender expects no reply. Reads
  /// the header list on first use when present, as headers() does.
  const std::string& reply_to() const;
  /// The content-type header; empty when the frame had none. Reads the
  /// header list as reply_to() does.
  const std::string& content_type() const;

  source_kind source() const noexcept { return source_; }
  /// The subscribed name: channel (or pattern), list or stream key.
  const std::string& source_name() const noexcept;
  /// Channels: the channel the message was published to (differs from
  /// source_name() for pattern subscriptions).
  const std::string& channel() const noexcept;
  /// Streams: the entry id; empty otherwise.
  const std::string& entry_id() const noexcept { return entry_id_; }
  /// Pattern subscriptions: the `{name}` segments of the channel.
  const header_list& path() const noexcept { return path_; }
  std::optional<std::string_view> path_param(std::string_view name) const;

  /// How the payload was recognised: a FastStream frame (binary or JSON
  /// envelope), or raw bytes from a sender that frames nothing.
  payload_format format() const noexcept { return format_; }

  /// Set when the payload carried FastStream's binary magic but the frame
  /// was broken; the body is then the raw payload.
  const std::optional<error_info>& decode_error() const noexcept {
    return decode_error_;
  }

  /// With ack_policy::manual: acknowledge (XACK) after the handler returns.
  void ack() const noexcept { settled_ = settlement::ack; }
  /// With ack_policy::manual: leave the entry pending for redelivery.
  /// Lists, whatever the policy: give the item back to the head of its
  /// list, where it is read again.
  void nack() const noexcept { settled_ = settlement::nack; }
  /// With ack_policy::manual: refuse the entry; it stays pending until it is
  /// claimed, and reaches the dead-letter stream after max_deliveries.
  void reject() const noexcept { settled_ = settlement::reject; }

  /// What the handler decided; settlement::none if it called nothing.
  settlement settled() const noexcept { return settled_; }

 private:
  friend struct processing::message_access;

  /// Where something made on first use stands: made once, by whichever
  /// thread asks first, while any other waits for it. Copies and moves are
  /// the owner's; a move changes its source, so no other thread may read
  /// either side meanwhile.
  class first_use {
   public:
    /// Nothing to make, something to make, being made, made.
    enum state : std::uint8_t { none, pending, making, made };

    state now() const noexcept {
      return static_cast<state>(state_.load(std::memory_order_acquire));
    }
    void set(state s) noexcept { state_.store(s, std::memory_order_relaxed); }
    /// Runs `make` if something is pending; returns once nothing is.
    template <class Make>
    void ensure(Make make) const;

   private:
    mutable std::atomic<std::uint8_t> state_{none};
  };

  /// The id correlation_id() and message_id() fall back to, made on first
  /// use: most payloads name their own correlation id and few handlers
  /// read message_id, while a uuid4 per message costs a string and random
  /// bytes on every decode. Reading is thread-safe; copying makes the id
  /// first, so a copy and its original agree.
  class generated_id {
   public:
    generated_id() = default;
    generated_id(const generated_id& other);
    generated_id(generated_id&& other) noexcept;
    generated_id& operator=(const generated_id& other);
    generated_id& operator=(generated_id&& other) noexcept;
    ~generated_id() = default;

    /// From now on get() makes an id instead of naming none.
    void expect() noexcept { use_.set(first_use::pending); }
    /// The id; empty if none was expected.
    const std::string& get() const;

   private:
    mutable std::string value_;
    first_use use_;
  };

  /// A frame's headers, read out of it on first use: most handlers read
  /// a header or two by name, if any, while a full list costs a vector and
  /// a string per long value on every decode. Reading is thread-safe;
  /// a copy takes the list if it was read, else reads its own.
  class header_cache {
   public:
    header_cache() = default;
    header_cache(const header_cache& other);
    header_cache(header_cache&& other) noexcept;
    header_cache& operator=(const header_cache& other);
    header_cache& operator=(header_cache&& other) noexcept;
    ~header_cache() = default;

    /// Holds `list` as read: headers that were not in a frame.
    void hold(header_list list) noexcept;
    /// From now on the first get() reads the headers.
    void expect() noexcept { use_.set(first_use::pending); }
    /// The list, read now by `fill` if it was not yet; nullptr from
    /// read_so_far() while it is not.
    template <class Fill>
    const header_list& get(Fill fill) const;
    const header_list* read_so_far() const noexcept;

   private:
    mutable header_list list_;
    first_use use_;
  };

  using named_header = detail::named_headers::name;

  /// The value of the named header `n`, where it is: in the frame, or in
  /// the list an envelope came with. Checked against the sizes: a
  /// moved-from message keeps its spots but not its payload.
  std::optional<std::string_view> named(named_header n) const noexcept;
  /// The named header `n` as it is in headers(), or the generated id when
  /// absent (checked likewise).
  const std::string& listed_or_generated(named_header n) const;
  /// The same, or `otherwise` when absent.
  const std::string& listed(named_header n, const std::string& otherwise) const;

  /// What was received (an envelope: its "data"); the body is its tail.
  std::string payload_;
  std::size_t body_at_ = 0;
  payload_format format_ = payload_format::raw;
  /// binary_v1: where the frame's headers are (see frame_layout).
  std::uint32_t frame_headers_at_ = 0;
  bool frame_lengths_in_characters_ = false;
  header_cache headers_;
  /// Where the headers read by name are, found as the payload is decoded:
  /// the accessors returning strings read the list, header() and the
  /// engine read in place (message_access).
  detail::named_headers named_;
  /// correlation_id() and message_id() when the payload names none: one
  /// generated id serves both, as in FastStream.
  generated_id generated_id_;
  source_kind source_ = source_kind::channel;
  /// One string for every message read from the same place.
  std::shared_ptr<const std::string> source_name_;
  std::string channel_;
  /// Read from a channel subscribed by its name (no pattern), whose name
  /// Redis echoes: channel() is source_name(), not a copy of it.
  bool channel_is_source_name_ = false;
  std::string entry_id_;
  header_list path_;
  std::optional<error_info> decode_error_;
  mutable settlement settled_ = settlement::none;
};

} // namespace redactor
