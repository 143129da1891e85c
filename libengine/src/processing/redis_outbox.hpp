// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "processing/outbox.hpp"
#include "redis/command_gateway.hpp"

namespace redactor::processing {

/// The outbox of a broker on Redis: PUBLISH, RPUSH or XADD through the
/// command gateway, and for publish_options::min_replicas the write and its
/// WAIT back to back on the durable connections. Thread-safe, like the
/// gateway.
class redis_outbox final : public outbox {
 public:
  redis_outbox(std::shared_ptr<redis::command_gateway> gateway,
               const broker_options& options);

 protected:
  void send(const destination& to, std::vector<std::string> frames,
            const publish_options& options, publish_completion done) override;

 private:
  /// A write and its WAIT.
  void send_durable(const destination& to, std::vector<std::string> frames,
                    const publish_options& options, publish_completion done);

  std::shared_ptr<redis::command_gateway> gateway_;
};

} // namespace redactor::processing
