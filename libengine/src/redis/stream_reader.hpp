// SPDX-License-Identifier: MIT
#pragma once

#include <unordered_map>

#include "redactor/stream_sub.hpp"
#include "redis/reader.hpp"

namespace redactor::redis {

/// XREAD, or XREADGROUP with group upkeep, pending reclaim and dead
/// lettering; see stream_sub for the behaviour.
class stream_reader final : public reader {
 public:
  stream_reader(locator_ptr where, stream_sub sub, events ev,
                std::size_t credit);

 protected:
  void on_connected() override;
  void read(std::size_t max) override;

 private:
  using clock = io_loop::clock;

  void create_group(const std::string& start_id, bool then_read);
  void resolve_last_id();
  void read_group(std::size_t max);
  void read_plain(std::size_t max);
  void claim(std::size_t max);
  /// Hands `batch` over, after moving entries delivered too often to the
  /// dead-letter stream when max_deliveries is set.
  void deliver_checked(inbound_batch batch);
  void dead_letter(inbound entry, long long deliveries);
  /// True when a read failed (lost connection or error reply) and was dealt
  /// with here; false when its reply holds entries, or none, to take.
  bool read_failed(const result<reply>& r, const char* command);
  bool on_error_reply(const reply& r, const char* command);

  stream_sub sub_;
  std::string block_ms_;
  /// XREADGROUP id: "0" drains this consumer's own pending entries after
  /// each connect, then ">".
  std::string cursor_ = "0";
  /// XREAD without a group: the last id read.
  std::string last_id_;
  std::string claim_cursor_ = "0-0";
  clock::time_point next_claim_{};
};

} // namespace redactor::redis
