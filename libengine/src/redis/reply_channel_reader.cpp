// SPDX-License-Identifier: MIT
#include "redis/reply_channel_reader.hpp"

namespace redactor::redis {

reply_channel_reader::reply_channel_reader(
    locator_ptr where, events ev,
    std::function<void(channel_list)> on_subscribed, channel_namer name_of,
    channel_parser number_of, std::uint64_t first)
    : reader(std::move(where), route{}, connection::mode::pubsub, std::move(ev),
             1),
      on_subscribed_(std::move(on_subscribed)), name_of_(std::move(name_of)),
      number_of_(std::move(number_of)) {
  for (std::uint64_t n = 1; n <= first; ++n)
    channels_.insert(n);
}

namespace {

/// Unsubscribes gathered into one command, and how long they may wait.
constexpr std::size_t unsubscribe_batch = 256;
constexpr std::chrono::milliseconds unsubscribe_delay{50};

} // namespace

void reply_channel_reader::subscribe(std::uint64_t channel) {
  if (!channels_.insert(channel).second)
    return;
  to_subscribe_.push_back(channel);
  if (subscribes_queued_)
    return;
  subscribes_queued_ = true;
  loop_.defer(guarded_task([this] { flush_subscribes(); }));
}

void reply_channel_reader::unsubscribe(std::uint64_t channel) {
  if (channels_.erase(channel) == 0)
    return;
  to_unsubscribe_.push_back(channel);
  if (to_unsubscribe_.size() >= unsubscribe_batch)
    return flush_unsubscribes();
  if (unsubscribe_timer_ == 0)
    unsubscribe_timer_ =
        loop_.add_timer(unsubscribe_delay, guarded_task([this] {
                          unsubscribe_timer_ = 0;
                          flush_unsubscribes();
                        }));
}

void reply_channel_reader::flush_subscribes() {
  subscribes_queued_ = false;
  // While the connection is down Redis holds no subscription of ours: the
  // next on_connected() subscribes the set as it is by then.
  if (conn_.state() != connection_state::ready)
    return to_subscribe_.clear();
  send("SUBSCRIBE", to_subscribe_);
}

void reply_channel_reader::flush_unsubscribes() {
  // A channel subscribed earlier in this turn must not have its
  // UNSUBSCRIBE overtake its SUBSCRIBE, or Redis would keep it.
  if (subscribes_queued_)
    flush_subscribes();
  if (unsubscribe_timer_ != 0) {
    loop_.cancel_timer(unsubscribe_timer_);
    unsubscribe_timer_ = 0;
  }
  if (conn_.state() != connection_state::ready)
    return to_unsubscribe_.clear();
  send("UNSUBSCRIBE", to_unsubscribe_);
}

void reply_channel_reader::send(const char* command,
                                std::vector<std::uint64_t>& channels) {
  if (channels.empty())
    return;
  names_.clear();
  name_ends_.clear();
  for (auto n : channels) {
    name_of_(names_, n);
    name_ends_.push_back(names_.size());
  }
  // Views into names_ only now that it stopped growing.
  std::vector<std::string_view> args;
  args.reserve(channels.size() + 1);
  args.emplace_back(command);
  std::size_t begin = 0;
  for (auto end : name_ends_) {
    args.emplace_back(names_.data() + begin, end - begin);
    begin = end;
  }
  conn_.send(args, {});
  channels.clear();
}

void reply_channel_reader::on_connected() {
  ready_reported_ = false;
  to_subscribe_.clear();
  to_unsubscribe_.clear();
  if (channels_.empty()) {
    ready_reported_ = true;
    return report_ready();
  }
  std::vector<std::uint64_t> all{channels_.begin(), channels_.end()};
  send("SUBSCRIBE", all);
}

void reply_channel_reader::read(std::size_t) {
  // Never called: report_ready() does not start reads; Redis pushes.
}

void reply_channel_reader::on_push(reply& r) {
  if (stopping_)
    return;
  // The only error a subscriber gets is the answer to its SUBSCRIBE
  // (NOPERM for the channels): refused until the next connect succeeds.
  if (r.is_error())
    return setup_refused("RPC reply channels: SUBSCRIBE", r);
  if (!r.is_array() || r.elements.size() < 3)
    return;
  const auto& kind = r.elements[0].str;
  if (kind == "message") {
    inbound reply;
    reply.channel = std::move(r.elements[1].str);
    reply.payload = std::move(r.elements[2].str);
    replies_.push_back(std::move(reply));
  } else if (kind == "subscribe") {
    if (!ready_reported_) {
      ready_reported_ = true;
      report_ready();
    }
    // By number: the name stays in the reply tree, whose next push reuses
    // its memory.
    if (auto n = number_of_(r.elements[1].str))
      confirmed_.push_back(*n);
  } else {
    return; // unsubscribe confirmations
  }
  queue_delivery();
}

void reply_channel_reader::queue_delivery() {
  if (delivery_queued_)
    return;
  delivery_queued_ = true;
  // Everything parsed from one socket read goes over at once.
  loop_.defer(guarded_task([this] {
    delivery_queued_ = false;
    if (!confirmed_.empty()) {
      auto confirmed = std::move(confirmed_);
      confirmed_.clear();
      on_subscribed_(std::move(confirmed));
    }
    if (!replies_.empty()) {
      auto batch = std::move(replies_);
      replies_.clear();
      deliver(std::move(batch));
    }
  }));
}

} // namespace redactor::redis
