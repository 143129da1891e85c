// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <boost/container/small_vector.hpp>

#include "codec/frame_list.hpp"
#include "metrics/destination_meter.hpp"
#include "processing/middleware_chain.hpp"
#include "processing/publish_completion.hpp"
#include "redactor/broker_options.hpp"
#include "redactor/destination.hpp"
#include "redactor/publisher.hpp"

namespace redactor::processing {

/// Where published messages go: to Redis (redis_outbox, over the command
/// gateway), or through the test broker's in-process router.
/// Encoding, counting, trace propagation and the middleware's
/// before_publish are the same for both; only delivery differs.
/// Thread-safe.
class outbox {
 public:
  /// The bodies of one publish: almost always one, held without an
  /// allocation.
  using body_list = boost::container::small_vector<std::string_view, 1>;

  virtual ~outbox() = default;

  /// broker_options::max_message_bytes: larger bodies are not published,
  /// and larger payloads read are refused; 0: no limit.
  std::size_t max_message_bytes() const noexcept { return max_bytes_; }

  /// broker_options::middleware.
  const middleware_chain& middleware() const noexcept { return middleware_; }

  /// Encodes each body as a BinaryMessageFormatV1 frame with `options`
  /// (plus the trace headers of the handler running on this thread, then
  /// what the middleware adds) and
  /// sends the frames to `to` (a stream: one XADD each, see
  /// publisher::publish_batch); a frame over max_message_bytes() fails the
  /// publish at once with errc::invalid_argument. Counted on `meter` when
  /// given (replies are not), once the destination answered.
  void publish(const destination& to, const body_list& bodies,
               const publish_options& options, publish_callback callback,
               std::shared_ptr<metrics::destination_meter> meter = nullptr);

 protected:
  /// `options.log` must be the engine's escaping sink. `metrics`: what
  /// the meters given to publish() count on, kept alive with the outbox,
  /// since publishers (which hold it) may outlive their broker.
  explicit outbox(const broker_options& options,
                  std::shared_ptr<metrics::engine_metrics> metrics = nullptr)
      : max_bytes_(options.max_message_bytes),
        middleware_(options.middleware, options.log),
        metrics_(std::move(metrics)) {}

  /// Delivers encoded frames: a list takes all of them in one push,
  /// channels and streams exactly one; `options.min_replicas` asks for
  /// durability. `done` runs once, with the destination's answer.
  virtual void send(const destination& to, frame_list frames,
                    const publish_options& options,
                    publish_completion done) = 0;

 private:
  /// A stream batch: one send() per frame, answered together.
  void send_entries(const destination& to, frame_list frames,
                    const publish_options& options, publish_completion done);

  std::size_t max_bytes_;
  middleware_chain middleware_;
  std::shared_ptr<metrics::engine_metrics> metrics_;
};

} // namespace redactor::processing
