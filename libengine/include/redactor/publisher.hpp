// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "redactor/destination.hpp"
#include "redactor/publish_options.hpp"
#include "redactor/publish_result.hpp"
#include "redactor/result.hpp"

namespace redactor {

namespace processing {
class outbox;
} // namespace processing

namespace metrics {
class destination_meter;
} // namespace metrics

using publish_callback = std::function<void(result<publish_result>)>;

/// Publishes to one destination with default options. Cheap to copy;
/// thread-safe; usable from handlers. Frames are FastStream's
/// BinaryMessageFormatV1.
///
/// A publish before the broker's start() or after its stop() fails at once
/// with errc::not_running.
///
/// Delivery: a publish waits and is retried while Redis is unreachable,
/// until broker_options::publish_timeout, then fails with
/// errc::connection_lost; it is never dropped silently. A publish whose
/// connection broke after it was written may have run: it is sent again
/// (at least once, the default) or failed with errc::connection_lost (at
/// most once), as broker_options::delivery says. Publishes from one thread
/// reach Redis in order (durable ones among themselves).
///
/// Acknowledged means the master has it. Redis replicates asynchronously:
/// a master that fails before passing a write on loses it, and with
/// Sentinel the new master never had it. publish_options::min_replicas
/// makes the acknowledgement wait until that many replicas hold the write,
/// which survives the failover of the master.
class publisher {
 public:
  const destination& target() const noexcept { return to_; }

  /// Never blocks: the future is ready once Redis answered. Made on an
  /// engine thread it is deferred: on the I/O thread get() fails at once
  /// with errc::would_deadlock unless the answer is there (see
  /// handler_mode).
  std::future<result<publish_result>>
  publish(std::string_view body, const publish_options& options = {}) const;

  /// The callback runs on the engine's I/O thread and must be short.
  void publish(std::string_view body, const publish_options& options,
               publish_callback callback) const;

  /// Many bodies in one round trip, in order. A list takes them in one
  /// RPUSH. A stream gets one XADD per body, each trimming with the
  /// destination's MAXLEN, pipelined; the result's entry_ids has every new
  /// id. When an XADD fails, the result is the first failure, saying how
  /// many of the entries before it went in. Channels refuse batches
  /// (errc::invalid_argument).
  std::future<result<publish_result>>
  publish_batch(const std::vector<std::string>& bodies,
                const publish_options& options = {}) const;

 private:
  friend class broker; // broker::make_publisher() makes them

  publisher(std::shared_ptr<processing::outbox> out,
            std::shared_ptr<metrics::destination_meter> meter, destination to,
            publish_options defaults);

  publish_options merged(const publish_options& options) const;

  std::shared_ptr<processing::outbox> out_;
  /// Its metrics children, looked up once.
  std::shared_ptr<metrics::destination_meter> meter_;
  destination to_;
  publish_options defaults_;
};

} // namespace redactor
