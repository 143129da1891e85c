// SPDX-License-Identifier: MIT
#include "subscriptions/subscription_actor.hpp"

#include <algorithm>
#include <utility>

#include "codec/unwrap_payload.hpp"
#include "detail/log_escape.hpp"
#include "execution/atoms.hpp"
#include "processing/worker_actor.hpp"
#include "redactor/codec/wire_headers.hpp"
#include "redis/io_loop.hpp"

namespace redactor::subscriptions {
namespace {

using self_ptr =
    subscription_actor_handle::stateful_pointer<subscription_state>;

const subscription_spec& spec_of(self_ptr self) {
  return self->state.setup.processor->spec();
}

/// A record about the subscription `label`: "<label>: <text>".
void log_about(const log_sink& sink, const std::string& label, log_level level,
               const std::string& text) {
  if (sink.enabled(level))
    sink({level, label + ": " + text, label, {}, {}});
}

void log(self_ptr self, log_level level, const std::string& text) {
  log_about(self->state.setup.log, spec_of(self).label, level, text);
}

void acknowledge(self_ptr self, std::vector<std::string> ids) {
  if (ids.empty())
    return;
  self->state.setup.source->acknowledge(
      std::move(ids),
      [log = self->state.setup.log, label = spec_of(self).label](auto failure) {
        if (failure)
          log_about(log, label, log_level::error,
                    "XACK failed; the entries stay pending: " + *failure);
      });
}

void grant(self_ptr self, std::size_t n) {
  self->state.setup.source->grant(n);
}

/// Gives list items their handler nacked back to the list.
void requeue(self_ptr self, redis::inbound_batch items) {
  if (items.empty())
    return;
  auto n = items.size();
  self->state.setup.source->give_back(
      std::move(items), std::nullopt,
      [log = self->state.setup.log, label = spec_of(self).label,
       n](auto failure) {
        if (failure)
          log_about(log, label, log_level::error,
                    std::to_string(n) +
                        " nacked item(s) could not be pushed back and are "
                        "lost: " +
                        *failure);
      });
}

/// Items read but not handled, from `items[from]` on, the first of
/// them read at `first_read`: lists get them back on stop; stream entries
/// stay pending anyway; channel messages are gone.
void keep_unhandled(self_ptr self, redis::inbound_batch& items,
                    std::size_t from, std::uint64_t first_read) {
  if (from >= items.size())
    return;
  auto kind = spec_of(self).kind;
  if (kind == source_kind::list)
    for (auto k = from; k < items.size(); ++k)
      self->state.unhandled.emplace(first_read + k, std::move(items[k]));
  else if (kind == source_kind::channel)
    log(self, log_level::warning,
        "stopping: dropped " + std::to_string(items.size() - from) +
            " channel message(s) not yet handled");
}

void dispatch(self_ptr self, redis::inbound_batch batch,
              std::uint64_t first_read) {
  auto& st = self->state;
  auto& spec = spec_of(self);
  if (spec.acks && spec.policy == ack_policy::ack_first) {
    std::vector<std::string> ids;
    for (auto& in : batch)
      ids.push_back(in.id);
    acknowledge(self, std::move(ids));
  }
  // A batch handler sees one read at once; otherwise spread the read over
  // the workers in contiguous slices (one slice, in order, with 1 worker).
  auto slices = spec.fn.is_batch() ? 1 : st.workers.size();
  auto per = (batch.size() + slices - 1) / slices;
  for (std::size_t pos = 0; pos < batch.size(); pos += per) {
    auto chunk = std::make_shared<processing::work_chunk>();
    chunk->first_read = first_read + pos;
    auto end = std::min(batch.size(), pos + per);
    chunk->items.assign(std::make_move_iterator(batch.begin() + pos),
                        std::make_move_iterator(batch.begin() + end));
    auto w = static_cast<std::size_t>(
        std::min_element(st.load.begin(), st.load.end()) - st.load.begin());
    st.load[w] += chunk->items.size();
    st.in_flight.push_back({chunk, w});
    self->send(st.workers[w], execution::work_atom::value, std::move(chunk));
  }
}

void finish(self_ptr self) {
  for (auto& rp : self->state.stop_waiters)
    rp.deliver(execution::stop_atom::value);
  self->state.stop_waiters.clear();
  for (auto& w : self->state.workers)
    self->send_exit(w, caf::exit_reason::user_shutdown);
  self->quit();
}

/// How a lost list item is named in the log: by its frame's correlation
/// id, or by its first bytes when it has no frame.
std::string describe(const redis::inbound& item) {
  auto decoded = unwrap_payload(item.payload);
  if (auto* id = find_header(decoded.headers, wire_headers::correlation_id))
    return "correlation_id " + *id;
  return detail::quoted_excerpt(item.payload);
}

/// Gives the unhandled list items back to the list, retried
/// while Redis is away until the stop's deadline. What cannot be given back
/// is counted and each item named in the log: never dropped silently.
void push_back_unhandled(self_ptr self) {
  auto& st = self->state;
  auto& spec = spec_of(self);
  redis::inbound_batch in_read_order;
  std::vector<std::string> lost_names;
  for (auto& [position, item] : st.unhandled) {
    lost_names.push_back(describe(item));
    in_read_order.push_back(std::move(item));
  }
  st.unhandled.clear();
  log(self, log_level::info,
      "stopping: pushing " + std::to_string(lost_names.size()) +
          " unhandled item(s) back to the list");
  st.setup.source->give_back(
      std::move(in_read_order), st.stop_deadline,
      [self_handle = subscription_actor_handle{self}, stats = spec.stats,
       log = st.setup.log, label = spec.label,
       lost_names = std::move(lost_names)](auto failure) {
        if (failure) {
          stats->lost_at_stop.fetch_add(lost_names.size(),
                                        std::memory_order_relaxed);
          std::string line =
              "stopping: " + std::to_string(lost_names.size()) +
              " unhandled item(s) could not be pushed back and are lost (" +
              *failure + "):";
          for (auto& name : lost_names)
            line += " " + name + ";";
          log_about(log, label, log_level::error, line);
        }
        caf::anon_send(self_handle, execution::pushed_atom::value);
      });
}

void maybe_finish(self_ptr self) {
  auto& st = self->state;
  if (!st.reader_drained || !st.in_flight.empty() || st.finishing)
    return;
  st.finishing = true;
  if (st.unhandled.empty())
    return finish(self);
  push_back_unhandled(self);
}

} // namespace

subscription_actor_handle::behavior_type subscription_actor(
    subscription_actor_handle::stateful_pointer<subscription_state> self,
    subscription_setup setup) {
  auto& st = self->state;
  st.setup = std::move(setup);
  auto workers = spec_of(self).common.max_workers;
  for (std::size_t i = 0; i < workers; ++i)
    st.workers.push_back(self->spawn(
        processing::worker_actor, processing::chunk_done_receiver{self},
        st.setup.processor, st.setup.stopping, st.setup.pool));
  st.load.assign(workers, 0);
  return {
      [=](execution::batch_atom, redis::inbound_batch& batch) {
        auto first_read = self->state.items_read;
        self->state.items_read += batch.size();
        if (self->state.setup.stopping->load())
          return keep_unhandled(self, batch, 0, first_read);
        dispatch(self, std::move(batch), first_read);
      },
      [=](execution::done_atom, const processing::work_chunk_ptr& chunk) {
        auto& st = self->state;
        auto i = std::find_if(st.in_flight.begin(), st.in_flight.end(),
                              [&](auto& f) { return f.chunk == chunk; });
        if (i == st.in_flight.end())
          return; // abandoned by a stop that timed out
        st.load[i->worker] -= chunk->items.size();
        st.in_flight.erase(i);
        spec_of(self).stats->backlog.fetch_sub(
            static_cast<std::int64_t>(chunk->items.size()),
            std::memory_order_relaxed);
        auto stopping = st.setup.stopping->load();
        std::vector<std::string> ids;
        redis::inbound_batch given_back;
        for (std::size_t k = 0; k < chunk->outcomes.size(); ++k) {
          if (chunk->outcomes[k] == processing::item_outcome::ack)
            ids.push_back(chunk->items[k].id);
          else if (chunk->outcomes[k] != processing::item_outcome::requeue)
            continue;
          else if (stopping) // pushed back once, with the unhandled ones
            st.unhandled.emplace(chunk->first_read + k,
                                 std::move(chunk->items[k]));
          else
            given_back.push_back(std::move(chunk->items[k]));
        }
        acknowledge(self, std::move(ids));
        requeue(self, std::move(given_back));
        if (stopping) {
          keep_unhandled(self, chunk->items, chunk->started.load(),
                         chunk->first_read);
          maybe_finish(self);
        } else {
          grant(self, chunk->items.size());
        }
      },
      [=](execution::stop_atom) {
        // Answered with stop_atom once stopped (see finish).
        auto& st = self->state;
        auto answer = self->make_response_promise<execution::stop_atom>();
        st.stop_waiters.push_back(answer);
        if (std::exchange(st.stop_begun, true))
          return answer;
        st.setup.stopping->store(true);
        st.stop_deadline =
            subscription_source::clock::now() + st.setup.graceful_timeout;
        st.setup.source->stop_reading(
            [handle = subscription_actor_handle{self}] {
              caf::anon_send(handle, execution::drained_atom::value);
            });
        // Relative to the loop turn's start, which CAF's clock tells: the
        // message comes at stop_deadline, not a turn's work before it.
        self->delayed_send(self, st.stop_deadline - redis::io_loop::now(),
                           execution::deadline_atom::value);
        return answer;
      },
      [=](execution::drained_atom) {
        self->state.reader_drained = true;
        maybe_finish(self);
      },
      [=](execution::deadline_atom) {
        auto& st = self->state;
        if (st.finishing)
          return;
        for (auto& f : st.in_flight) {
          auto started = f.chunk->started.load();
          if (started > 0)
            log(self, log_level::warning,
                "stopping: a handler did not finish within graceful_timeout; "
                "its message is abandoned");
          keep_unhandled(self, f.chunk->items, started, f.chunk->first_read);
        }
        st.in_flight.clear();
        st.reader_drained = true;
        maybe_finish(self);
      },
      [=](execution::pushed_atom) { finish(self); },
  };
}

} // namespace redactor::subscriptions
