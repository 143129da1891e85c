// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/destination_meter.hpp"
#include "redactor/destination.hpp"
#include "redactor/publisher.hpp"

namespace redactor::detail {

/// Where published messages go: to Redis through the command connection
/// (command_gateway), or through the test broker's in-process router.
/// Encoding and counting are the same for both; only delivery differs.
/// Thread-safe.
class outbox {
 public:
  virtual ~outbox() = default;

  /// broker_options::max_message_bytes: larger bodies are not published,
  /// and larger payloads read are refused; 0: no limit.
  std::size_t max_message_bytes() const noexcept { return max_bytes_; }

  /// Encodes each body as a BinaryMessageFormatV1 frame with `options` and
  /// sends the frames to `to` (a stream: one XADD each, see
  /// publisher::publish_batch); a frame over max_message_bytes() fails the
  /// publish at once with errc::invalid_argument. Counted on `meter` when
  /// given (replies are not), once the destination answered.
  void publish(const destination& to, std::vector<std::string_view> bodies,
               const publish_options& options, publish_callback callback,
               std::shared_ptr<metrics::destination_meter> meter = nullptr);

 protected:
  explicit outbox(std::size_t max_message_bytes)
      : max_bytes_(max_message_bytes) {}

  /// Delivers encoded frames: a list takes all of them in one push,
  /// channels and streams exactly one; `options.min_replicas` asks for
  /// durability.
  virtual void send(const destination& to, std::vector<std::string> frames,
                    const publish_options& options,
                    publish_callback callback) = 0;

 private:
  /// A stream batch: one send() per frame, answered together.
  void send_entries(const destination& to, std::vector<std::string> frames,
                    const publish_options& options, publish_callback callback);

  std::size_t max_bytes_;
};

} // namespace redactor::detail
