// SPDX-License-Identifier: MIT
#include "actors/reply_router.hpp"

#include <algorithm>
#include <optional>

#include "actors/atoms.hpp"
#include "processing/message_access.hpp"
#include "publishing/request_protocol.hpp"

namespace redactor::actors {
namespace {

using self_ptr = caf::stateful_actor<reply_router_state>*;

/// Sweep period: the resolution of request timeouts.
constexpr std::chrono::milliseconds sweep_period{10};

/// Channels subscribed ahead of need: at first, and at most.
constexpr std::size_t first_ahead = 64;
constexpr std::size_t max_ahead = 4096;

std::string reply_channel(const std::string& inbox, std::uint64_t n) {
  return inbox + "." + std::to_string(n);
}

/// A reply channel never used before.
std::string new_channel(self_ptr self) {
  auto& st = self->state;
  return reply_channel(st.inbox.name, ++st.channels_made);
}

void subscribe(self_ptr self, std::string channel) {
  if (auto reader = self->state.channels.lock())
    reader->subscribe(std::move(channel));
}

/// Keeps `ahead` channels subscribed ahead, topping up in one batch once
/// half are used.
void top_up(self_ptr self) {
  auto& st = self->state;
  auto held = st.ready.size() + st.arming.size();
  if (held > st.ahead / 2)
    return;
  for (; held < st.ahead; ++held) {
    auto channel = new_channel(self);
    st.arming.insert(channel);
    subscribe(self, std::move(channel));
  }
}

void unsubscribe(self_ptr self, const std::string& channel) {
  if (auto reader = self->state.channels.lock())
    reader->unsubscribe(channel);
}

/// Ends a timed-out request's wait for a late reply.
void stop_lingering(self_ptr self, const std::string& channel) {
  auto& st = self->state;
  auto i = st.lingering.find(channel);
  if (i == st.lingering.end())
    return;
  st.linger_ends.erase(i->second);
  st.lingering.erase(i);
  unsubscribe(self, channel);
}

/// Drops `channel` from those subscribed ahead, if it is one.
void discard_unused(self_ptr self, const std::string& channel) {
  auto& st = self->state;
  if (st.ready.erase(channel) == 0 && st.arming.erase(channel) == 0)
    return;
  unsubscribe(self, channel);
}

/// A confirmed channel subscribed ahead, if any is left.
std::optional<std::string> take_ready(self_ptr self) {
  auto& st = self->state;
  while (!st.ready_order.empty()) {
    auto channel = std::move(st.ready_order.front());
    st.ready_order.pop_front();
    if (st.ready.erase(channel) > 0)
      return channel;
  }
  return std::nullopt;
}

/// How long a timed-out request's channel waits for a late reply.
reply_router_state::clock::duration
linger_for(reply_router_state::clock::duration timeout) {
  return std::clamp<reply_router_state::clock::duration>(
      timeout, std::chrono::seconds{1}, std::chrono::seconds{30});
}

/// Completes the request on `channel`, bumping `counted` first (so a
/// requester that sees its result also sees the count); false when none is
/// pending there. A request that timed out after it went out keeps its
/// channel a while for a late reply.
bool finish(self_ptr self, const std::string& channel, result<message> outcome,
            std::atomic<std::uint64_t>* counted = nullptr) {
  auto& st = self->state;
  auto i = st.requests.find(channel);
  if (i == st.requests.end())
    return false;
  auto callback = std::move(i->second.callback);
  bool sent = !i->second.send;
  auto linger = i->second.linger;
  st.deadlines.erase(i->second.deadline);
  st.requests.erase(i);
  if (sent && !outcome &&
      outcome.error().code == make_error_code(errc::timeout)) {
    auto end = st.linger_ends.emplace(reply_router_state::clock::now() + linger,
                                      channel);
    st.lingering.emplace(channel, end);
  } else {
    unsubscribe(self, channel);
  }
  st.stats->release();
  if (counted)
    counted->fetch_add(1, std::memory_order_relaxed);
  callback(std::move(outcome));
  return true;
}

void send(reply_router_state::pending& p, const std::string& channel) {
  auto send = std::move(p.send);
  p.send = nullptr;
  send(channel);
}

void arm_sweep(self_ptr self) {
  auto& st = self->state;
  if (st.sweeping || (st.requests.empty() && st.lingering.empty()))
    return;
  self->state.sweeping = true;
  self->delayed_send(self, sweep_period, sweep_atom::value);
}

} // namespace

std::vector<std::string> first_reply_channels(const std::string& inbox) {
  std::vector<std::string> out;
  for (std::uint64_t n = 1; n <= first_ahead; ++n)
    out.push_back(reply_channel(inbox, n));
  return out;
}

caf::behavior reply_router(caf::stateful_actor<reply_router_state>* self,
                           std::string inbox,
                           std::vector<std::string> first_channels,
                           std::weak_ptr<redis::reply_channel_reader> channels,
                           std::shared_ptr<request_stats> stats) {
  auto& st = self->state;
  st.stats = std::move(stats);
  st.channels = std::move(channels);
  st.inbox.kind = source_kind::channel;
  st.inbox.name = std::move(inbox);
  // The reader subscribes these from its first connect; the router only
  // ever touches the reader from its handlers, on the loop thread.
  st.channels_made = first_channels.size();
  st.ahead = first_channels.size();
  st.arming.insert(first_channels.begin(), first_channels.end());
  // The state is gone once the actor has exited, so pending requests fail
  // in the exit handler, while it is still there.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    auto requests = std::move(self->state.requests);
    self->state.requests.clear();
    for (auto& entry : requests) {
      self->state.stats->release();
      entry.second.callback(
          make_error(errc::connection_lost, "the broker stopped"));
    }
    self->quit(msg.reason);
  });
  return {
      [=](register_atom, outgoing_request& req) {
        auto& st = self->state;
        auto taken = take_ready(self);
        bool ready = taken.has_value();
        std::string channel;
        if (ready) {
          channel = std::move(*taken);
        } else {
          // None ready: this one waits for its own SUBSCRIBE, and more are
          // kept ahead from now on.
          st.ahead = std::min(st.ahead * 2, max_ahead);
          channel = new_channel(self);
          subscribe(self, channel);
        }
        auto at = st.deadlines.emplace(req.deadline, channel);
        auto& p = st.requests[channel];
        p = {std::move(req.correlation_id),
             linger_for(req.deadline - reply_router_state::clock::now()),
             std::move(req.callback), std::move(req.send), at};
        if (ready)
          send(p, channel);
        top_up(self);
        arm_sweep(self);
      },
      [=](subscribed_atom, const std::vector<std::string>& confirmed) {
        auto& st = self->state;
        for (const auto& channel : confirmed) {
          auto i = st.requests.find(channel);
          if (i != st.requests.end()) {
            if (i->second.send)
              send(i->second, channel);
          } else if (st.arming.erase(channel) > 0) {
            st.ready.insert(channel);
            st.ready_order.push_back(channel);
          }
        }
      },
      [=](disarm_atom) {
        // Redis forgot every subscription with the connection; the reader
        // subscribes them again on the next one.
        auto& st = self->state;
        st.arming.insert(st.ready.begin(), st.ready.end());
        st.ready.clear();
        st.ready_order.clear();
      },
      [=](batch_atom, const redis::inbound_batch& batch) {
        for (auto& in : batch) {
          auto m = detail::message_access::make(in, self->state.inbox);
          if (finish(self, in.channel, request_protocol::outcome(std::move(m)),
                     &self->state.stats->replied))
            continue;
          // Late (its request timed out), or on a channel no request has
          // yet: dropped and counted. Such a channel is never handed to a
          // request: what someone sent there is not that request's reply.
          stop_lingering(self, in.channel);
          discard_unused(self, in.channel);
          self->state.stats->late_replies.fetch_add(1,
                                                    std::memory_order_relaxed);
        }
      },
      [=](fail_atom, const std::string& channel, const error_info& why) {
        finish(self, channel, why);
      },
      [=](sweep_atom) {
        auto& st = self->state;
        st.sweeping = false;
        auto now = reply_router_state::clock::now();
        while (!st.deadlines.empty() && st.deadlines.begin()->first <= now) {
          auto channel = st.deadlines.begin()->second;
          auto& p = st.requests.at(channel);
          auto why = p.send ? "no reply to request " + p.correlation_id +
                                  ": its reply channel was never subscribed"
                            : "no reply to request " + p.correlation_id;
          finish(self, channel, make_error(errc::timeout, why),
                 &st.stats->timed_out);
        }
        while (!st.linger_ends.empty() &&
               st.linger_ends.begin()->first <= now) {
          auto channel = st.linger_ends.begin()->second;
          stop_lingering(self, channel);
        }
        arm_sweep(self);
      },
  };
}

} // namespace redactor::actors
