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

  /// Encodes each body as a BinaryMessageFormatV1 frame with `options` and
  /// sends the frames to `to`. Counted on `meter` when given (replies are
  /// not), once the destination answered.
  void publish(const destination& to, std::vector<std::string_view> bodies,
               const publish_options& options, publish_callback callback,
               std::shared_ptr<metrics::destination_meter> meter = nullptr);

 protected:
  /// Delivers encoded frames: a list takes all of them in one push,
  /// channels and streams exactly one.
  virtual void send(const destination& to, std::vector<std::string> frames,
                    publish_callback callback) = 0;
};

} // namespace redactor::detail
