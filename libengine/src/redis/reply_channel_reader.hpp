// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <boost/unordered/unordered_flat_set.hpp>

#include "redis/reader.hpp"

namespace redactor::redis {

/// What the reply router drives of the RPC inbox: which reply channels are
/// subscribed. Loop thread only.
class reply_channels {
 public:
  virtual ~reply_channels() = default;
  virtual void subscribe(std::string channel) = 0;
  virtual void unsubscribe(const std::string& channel) = 0;
};

/// The RPC inbox: one Pub/Sub connection that SUBSCRIBEs a changing set of
/// reply channels, one per request, so that a reply is known by the
/// channel it came on, whatever it carries. The names subscribed during one
/// loop turn leave as one SUBSCRIBE, since a request may be waiting for
/// them; the names unsubscribed gather into one UNSUBSCRIBE of up to 256,
/// sent at the latest 50 ms after the first, since nobody waits for those
/// (a write per request would double the inbox's system calls). Every
/// reconnect subscribes the whole set again. The
/// replies of one socket read go over as one batch (events::on_batch), and
/// the channels whose subscription Redis confirmed in that read as one
/// list (on_subscribed), on this and on every later connection.
///
/// Threading: loop thread only, like every reader.
class reply_channel_reader final : public reader, public reply_channels {
 public:
  using channel_list = std::vector<std::string>;

  /// `first`: the channels to subscribe from the first connect on.
  reply_channel_reader(locator_ptr where, events ev,
                       std::function<void(channel_list)> on_subscribed,
                       const channel_list& first);

  void subscribe(std::string channel) override;
  void unsubscribe(const std::string& channel) override;

 protected:
  void on_connected() override;
  void read(std::size_t max) override;
  void on_push(reply r) override;

 private:
  /// Sends what this loop turn subscribed.
  void flush_subscribes();
  /// Sends the gathered unsubscribes.
  void flush_unsubscribes();
  /// Hands this socket read's replies and confirmations over.
  void queue_delivery();
  void send(const char* command, channel_list& channels);

  std::function<void(channel_list)> on_subscribed_;
  /// Flat: a node per channel missed the cache once 100,000 requests
  /// waited.
  boost::unordered_flat_set<std::string> channels_;
  channel_list to_subscribe_;
  channel_list to_unsubscribe_;
  bool subscribes_queued_ = false;
  io_loop::timer_id unsubscribe_timer_ = 0;
  bool delivery_queued_ = false;
  bool ready_reported_ = false;
  inbound_batch replies_;
  channel_list confirmed_;
};

} // namespace redactor::redis
