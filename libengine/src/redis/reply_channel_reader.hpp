// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/unordered/unordered_flat_set.hpp>

#include "redis/reader.hpp"

namespace redactor::redis {

/// What the reply router drives of the RPC inbox: which reply channels,
/// known by number, are subscribed. Loop thread only.
class reply_channels {
 public:
  virtual ~reply_channels() = default;
  virtual void subscribe(std::uint64_t channel) = 0;
  virtual void unsubscribe(std::uint64_t channel) = 0;
};

/// The RPC inbox: one Pub/Sub connection that SUBSCRIBEs a changing set of
/// reply channels, one per request, so that a reply is known by the
/// channel it came on, whatever it carries. Channels are kept by number
/// and named (`name_of`) only when a command is written. The channels
/// subscribed during one loop turn leave as one SUBSCRIBE, since a request
/// may be waiting for them; those unsubscribed gather into one UNSUBSCRIBE
/// of up to 256, sent at the latest 50 ms after the first, since nobody
/// waits for those (a write per request would double the inbox's system
/// calls). Every reconnect subscribes the whole set again. The replies of
/// one socket read go over as one batch (events::on_batch), and the
/// channels whose subscription Redis confirmed in that read as one list of
/// numbers (on_subscribed, read back with `number_of`), on this and on
/// every later connection.
///
/// Threading: loop thread only, like every reader.
class reply_channel_reader final : public reader, public reply_channels {
 public:
  using channel_list = std::vector<std::uint64_t>;
  /// Appends the name of channel n to `out`.
  using channel_namer = std::function<void(std::string& out, std::uint64_t n)>;
  /// The number of the channel named `name`, if it is one of these.
  using channel_parser =
      std::function<std::optional<std::uint64_t>(std::string_view name)>;

  /// Subscribes channels 1 to `first` from the first connect on.
  reply_channel_reader(locator_ptr where, events ev,
                       std::function<void(channel_list)> on_subscribed,
                       channel_namer name_of, channel_parser number_of,
                       std::uint64_t first);

  void subscribe(std::uint64_t channel) override;
  void unsubscribe(std::uint64_t channel) override;

 protected:
  void on_connected() override;
  void read(std::size_t max) override;
  void on_push(reply& r) override;

 private:
  /// Sends what this loop turn subscribed.
  void flush_subscribes();
  /// Sends the gathered unsubscribes.
  void flush_unsubscribes();
  /// Hands this socket read's replies and confirmations over.
  void queue_delivery();
  /// Sends `command` for `channels` and clears them.
  void send(const char* command, std::vector<std::uint64_t>& channels);

  std::function<void(channel_list)> on_subscribed_;
  channel_namer name_of_;
  channel_parser number_of_;
  boost::unordered_flat_set<std::uint64_t> channels_;
  std::vector<std::uint64_t> to_subscribe_;
  std::vector<std::uint64_t> to_unsubscribe_;
  /// Where send() writes the names, kept for its capacity.
  std::string names_;
  std::vector<std::size_t> name_ends_;
  bool subscribes_queued_ = false;
  io_loop::timer_id unsubscribe_timer_ = 0;
  bool delivery_queued_ = false;
  bool ready_reported_ = false;
  inbound_batch replies_;
  channel_list confirmed_;
};

} // namespace redactor::redis
