// SPDX-License-Identifier: MIT
#pragma once

#include "redis/reader.hpp"

namespace redactor::redis {

/// SUBSCRIBE or PSUBSCRIBE on a Pub/Sub connection, again after every
/// reconnect. Redis pushes messages as they come, so credit does not apply;
/// the messages of one socket read go over as one batch.
class channel_reader final : public reader {
 public:
  /// `name` is the channel, or the glob pattern when `pattern` is set.
  channel_reader(locator_ptr where, std::string name, bool pattern, events ev);

 protected:
  void on_connected() override;
  void read(std::size_t max) override;
  void on_push(reply r) override;

 private:
  std::string name_;
  bool pattern_;
  inbound_batch pending_;
};

} // namespace redactor::redis
