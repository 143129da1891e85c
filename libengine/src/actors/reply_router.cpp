// SPDX-License-Identifier: MIT
#include "actors/reply_router.hpp"

#include "actors/atoms.hpp"
#include "processing/message_access.hpp"
#include "publishing/request_protocol.hpp"

namespace redactor::actors {
namespace {

using self_ptr = caf::stateful_actor<reply_router_state>*;

/// Sweep period: the resolution of request timeouts.
constexpr std::chrono::milliseconds sweep_period{10};

/// Completes request `cid`, bumping `counted` first (so a requester that
/// sees its result also sees the count); false when none is pending.
bool finish(self_ptr self, const std::string& cid, result<message> outcome,
            std::atomic<std::uint64_t>* counted = nullptr) {
  auto& st = self->state;
  auto i = st.requests.find(cid);
  if (i == st.requests.end())
    return false;
  auto callback = std::move(i->second.callback);
  st.deadlines.erase(i->second.deadline);
  st.requests.erase(i);
  st.stats->release();
  if (counted)
    counted->fetch_add(1, std::memory_order_relaxed);
  callback(std::move(outcome));
  return true;
}

void arm_sweep(self_ptr self) {
  if (self->state.sweeping || self->state.requests.empty())
    return;
  self->state.sweeping = true;
  self->delayed_send(self, sweep_period, sweep_atom::value);
}

} // namespace

caf::behavior reply_router(caf::stateful_actor<reply_router_state>* self,
                           std::string inbox,
                           std::shared_ptr<request_stats> stats) {
  self->state.stats = std::move(stats);
  self->state.inbox.kind = source_kind::channel;
  self->state.inbox.name = std::move(inbox);
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
      [=](register_atom, const std::string& cid,
          reply_router_state::clock::time_point deadline,
          const reply_callback& callback) {
        auto& st = self->state;
        if (st.requests.count(cid) > 0) {
          st.stats->release();
          return callback(make_error(errc::invalid_argument,
                                     "a request with correlation id " + cid +
                                         " is already pending"));
        }
        auto at = st.deadlines.emplace(deadline, cid);
        st.requests.emplace(cid, reply_router_state::pending{callback, at});
        arm_sweep(self);
      },
      [=](batch_atom, const redis::inbound_batch& batch) {
        for (auto& in : batch) {
          auto m = detail::message_access::make(in, self->state.inbox);
          auto cid = m.correlation_id();
          if (!finish(self, cid, request_protocol::outcome(std::move(m)),
                      &self->state.stats->replied))
            // late (timed out) or unknown: dropped
            self->state.stats->late_replies.fetch_add(
                1, std::memory_order_relaxed);
        }
      },
      [=](fail_atom, const std::string& cid, const error_info& why) {
        finish(self, cid, why);
      },
      [=](sweep_atom) {
        auto& st = self->state;
        st.sweeping = false;
        auto now = reply_router_state::clock::now();
        while (!st.deadlines.empty() && st.deadlines.begin()->first <= now) {
          auto cid = st.deadlines.begin()->second;
          finish(self, cid,
                 make_error(errc::timeout, "no reply to request " + cid),
                 &st.stats->timed_out);
        }
        arm_sweep(self);
      },
  };
}

} // namespace redactor::actors
