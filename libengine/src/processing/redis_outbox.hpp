// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "processing/outbox.hpp"
#include "redis/command_gateway.hpp"

namespace redactor::processing {

/// The outbox of a broker on Redis: PUBLISH, RPUSH or XADD through the
/// command gateway of the calling thread's I/O loop (redis::home_loop: on
/// a loop thread its own, else one fixed per thread, so that a thread's
/// publishes keep their order), and for publish_options::min_replicas the
/// write and its WAIT back to back on the durable connections. Thread-safe,
/// like the gateways.
class redis_outbox final : public outbox {
 public:
  /// One gateway per I/O loop; at least one. `metrics`: see outbox.
  redis_outbox(std::vector<std::shared_ptr<redis::command_gateway>> gateways,
               const broker_options& options,
               std::shared_ptr<metrics::engine_metrics> metrics);

 protected:
  void send(const destination& to, frame_list frames,
            const publish_options& options, publish_completion done) override;

 private:
  /// A write and its WAIT.
  void send_durable(const destination& to, frame_list frames,
                    const publish_options& options, publish_completion done);

  /// The calling thread's gateway.
  redis::command_gateway& gateway() const;

  std::vector<std::shared_ptr<redis::command_gateway>> gateways_;
};

} // namespace redactor::processing
