// SPDX-License-Identifier: MIT
#pragma once

#include "redis/reader.hpp"

namespace redactor::redis {

/// SUBSCRIBE, PSUBSCRIBE or SSUBSCRIBE on a Pub/Sub connection, again after
/// every reconnect. Redis pushes messages as they come, so credit does not
/// apply; the messages of one socket read go over as one batch. A sharded
/// subscription lives where the channel's slot is served, and follows it.
class channel_reader final : public reader {
 public:
  enum class kind { channel, pattern, sharded };

  /// `name` is the channel, or the glob pattern.
  channel_reader(locator_ptr where, std::string name, kind k, events ev);

 protected:
  void on_connected() override;
  void read(std::size_t max) override;
  void on_push(reply& r) override;

 private:
  const char* subscribe_command() const noexcept;

  std::string name_;
  kind kind_;
  inbound_batch pending_;
};

} // namespace redactor::redis
