// SPDX-License-Identifier: MIT
#include "requests/reply_router.hpp"

#include <algorithm>

#include "execution/atoms.hpp"
#include "processing/message_access.hpp"
#include "requests/request_protocol.hpp"

namespace redactor::requests {
namespace {

using self_ptr = reply_router_actor::stateful_pointer<reply_router_state>;
using channel_id = reply_router_state::channel_id;

/// Sweep period: the resolution of request timeouts.
constexpr std::chrono::milliseconds sweep_period{10};

/// Channels subscribed ahead of need, at most.
constexpr std::size_t max_ahead = 4096;

void subscribe(self_ptr self, channel_id channel) {
  if (auto reader = self->state.channels.lock())
    reader->subscribe(channel);
}

void unsubscribe(self_ptr self, channel_id channel) {
  if (auto reader = self->state.channels.lock())
    reader->unsubscribe(channel);
}

/// Keeps `ahead` channels subscribed ahead, topping up in one batch once
/// half are used.
void top_up(self_ptr self) {
  auto& st = self->state;
  auto held = st.ready.size() + st.arming.size();
  if (held > st.ahead / 2)
    return;
  for (; held < st.ahead; ++held) {
    auto channel = ++st.channels_made;
    st.arming.insert(channel);
    subscribe(self, channel);
  }
}

/// Drops `channel` from those subscribed ahead, if it is one.
void discard_unused(self_ptr self, channel_id channel) {
  auto& st = self->state;
  if (st.ready.erase(channel) == 0 && st.arming.erase(channel) == 0)
    return;
  unsubscribe(self, channel);
}

/// A confirmed channel subscribed ahead, if any is left.
std::optional<channel_id> take_ready(self_ptr self) {
  auto& st = self->state;
  while (!st.ready_order.empty()) {
    auto channel = st.ready_order.front();
    st.ready_order.pop_front();
    if (st.ready.erase(channel) > 0)
      return channel;
  }
  return std::nullopt;
}

/// Sends the request on `channel` unless it has gone.
void send(self_ptr self, channel_id channel) {
  auto& st = self->state;
  if (auto* job = st.requests->take_unsent(channel))
    job->send(channel, reply_channel(st.inbox, channel));
}

void arm_sweep(self_ptr self) {
  auto& st = self->state;
  if (st.sweeping || st.requests->idle())
    return;
  st.sweeping = true;
  self->delayed_send(self, sweep_period, execution::sweep_atom::value);
}

} // namespace

reply_router_actor::behavior_type
reply_router(reply_router_actor::stateful_pointer<reply_router_state> self,
             std::string inbox, std::weak_ptr<redis::reply_channels> channels,
             std::shared_ptr<request_stats> stats) {
  auto& st = self->state;
  st.requests.emplace(std::move(stats), [self](channel_id channel) {
    unsubscribe(self, channel);
  });
  st.channels = std::move(channels);
  st.inbox = std::move(inbox);
  st.replies_from =
      processing::message_source::named(source_kind::channel, st.inbox);
  // The reader subscribes first_reply_channels from its first connect; the
  // router only ever touches the reader from its handlers, on the loop
  // thread.
  for (channel_id n = 1; n <= first_reply_channels; ++n)
    st.arming.insert(n);
  st.channels_made = first_reply_channels;
  st.ahead = first_reply_channels;
  // The state is gone once the actor has exited, so pending requests fail
  // in the exit handler, while it is still there.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    complete(self->state.requests->fail_all(
        make_error(errc::connection_lost, "the broker stopped")));
    self->quit(msg.reason);
  });
  return {
      [=](execution::register_atom, outgoing_request& req) {
        auto& st = self->state;
        auto ready = take_ready(self);
        auto channel = ready ? *ready : ++st.channels_made;
        if (!ready) {
          // None ready: this one waits for its own SUBSCRIBE, and more are
          // kept ahead from now on.
          st.ahead = std::min(st.ahead * 2, max_ahead);
          subscribe(self, channel);
        }
        complete(st.requests->add(channel, req.deadline, std::move(req.job)));
        if (ready)
          send(self, channel);
        top_up(self);
        arm_sweep(self);
      },
      [=](execution::subscribed_atom,
          const std::vector<channel_id>& confirmed) {
        auto& st = self->state;
        for (auto channel : confirmed) {
          if (st.requests->waiting_on(channel)) {
            send(self, channel);
          } else if (st.arming.erase(channel) > 0) {
            st.ready.insert(channel);
            st.ready_order.push_back(channel);
          }
        }
      },
      [=](execution::disarm_atom) {
        // Redis forgot every subscription with the connection; the reader
        // subscribes them again on the next one.
        auto& st = self->state;
        st.arming.insert(st.ready.begin(), st.ready.end());
        st.ready.clear();
        st.ready_order.clear();
      },
      [=](execution::batch_atom, redis::inbound_batch& batch) {
        auto& st = self->state;
        for (auto& in : batch) {
          // The reader subscribes this inbox's channels only.
          auto channel = reply_channel_number(st.inbox, in.channel);
          if (!channel) {
            st.requests->unmatched_reply();
            continue;
          }
          auto done = st.requests->reply(
              *channel,
              processing::decode_message(std::move(in), st.replies_from));
          if (done) {
            complete(std::move(done));
            continue;
          }
          // Late, or on a channel no request has yet: such a channel is
          // never handed to a request, since what someone sent there is
          // not that request's reply.
          discard_unused(self, *channel);
        }
      },
      [=](execution::fail_atom, channel_id channel, const error_info& why) {
        complete(self->state.requests->fail(channel, why));
      },
      [=](execution::sweep_atom) {
        self->state.sweeping = false;
        complete(self->state.requests->sweep(pending_requests::clock::now()));
        arm_sweep(self);
      },
  };
}

} // namespace redactor::requests
