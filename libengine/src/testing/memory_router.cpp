// SPDX-License-Identifier: MIT
#include "testing/memory_router.hpp"

#include <set>

namespace redactor::testing {

memory_router::memory_router(std::string inbox, const broker_options& options,
                             reply_sink on_reply)
    : processing::outbox(options), inbox_(std::move(inbox)),
      on_reply_(std::move(on_reply)) {
  // nop
}

void memory_router::add(std::shared_ptr<memory_subscription> sub) {
  std::lock_guard<std::mutex> guard{mtx_};
  subs_.push_back(sub);
  if (running_)
    start_locked(sub);
}

void memory_router::start() {
  std::lock_guard<std::mutex> guard{mtx_};
  running_ = true;
  for (auto& sub : subs_)
    start_locked(sub);
}

void memory_router::stop() {
  std::lock_guard<std::mutex> guard{mtx_};
  running_ = false;
  for (auto& sub : subs_)
    sub->set_running(false);
  tasks_.clear();
}

void memory_router::close() {
  stop();
  std::lock_guard<std::mutex> guard{mtx_};
  // Subscriptions hold processors, which hold this router.
  subs_.clear();
}

bool memory_router::running() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return running_;
}

bool memory_router::has_reader(const destination& to) const {
  std::lock_guard<std::mutex> guard{mtx_};
  for (auto& sub : subs_)
    if (sub->active() && sub->reads_from(to.type, to.name))
      return true;
  return false;
}

void memory_router::release_requeued() {
  std::lock_guard<std::mutex> guard{mtx_};
  for (const auto& list : requeued_)
    queue(task::kind::list, list);
  requeued_.clear();
}

bool memory_router::run_one(std::size_t& delivered) {
  task t;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (tasks_.empty())
      return false;
    t = std::move(tasks_.front());
    tasks_.pop_front();
  }
  switch (t.what) {
  case task::kind::deliver:
    if (t.sub->active()) {
      acknowledge(*t.sub, *t.sub->handle({std::move(t.item)}));
      ++delivered;
    }
    break;
  case task::kind::reply:
    on_reply_(std::move(t.item));
    break;
  case task::kind::list:
    delivered += deliver_list(t.item.payload);
    break;
  case task::kind::stream:
    delivered += deliver_stream(t.item.payload);
    break;
  }
  return true;
}

redis::inbound_batch memory_router::published(const destination& to) const {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = published_.find({to.type, to.name});
  return i == published_.end() ? redis::inbound_batch{} : i->second;
}

std::size_t memory_router::pending(const std::string& stream,
                                   const std::string& group) const {
  std::lock_guard<std::mutex> guard{mtx_};
  return store_.pending(stream, group);
}

void memory_router::inject(const destination& to, std::string payload,
                           publish_callback callback) {
  frame_list frames;
  frames.push_back(std::move(payload));
  send(to, std::move(frames), {}, std::move(callback));
}

void memory_router::send(const destination& to, frame_list frames,
                         const publish_options& options,
                         processing::publish_completion done) {
  result<publish_result> outcome = publish_result{};
  if (options.min_replicas > 0)
    outcome->replicas = options.min_replicas;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (!running_) {
      outcome = make_error(errc::not_running, "the test broker is not running");
    } else {
      auto& record = published_[{to.type, to.name}];
      auto& r = *outcome;
      switch (to.type) {
      case destination::kind::channel:
        for (auto& frame : frames) {
          redis::inbound in{std::move(frame), {}, to.name};
          if (to.name.compare(0, inbox_.size() + 1, inbox_ + ".") == 0) {
            tasks_.push_back({task::kind::reply, nullptr, in});
            ++r.count;
          }
          for (auto& sub : subs_)
            if (sub->active() &&
                sub->reads_from(destination::kind::channel, to.name)) {
              tasks_.push_back({task::kind::deliver, sub, in});
              ++r.count;
            }
          record.push_back(std::move(in));
        }
        break;
      case destination::kind::list:
        for (auto& frame : frames)
          record.push_back({frame, {}, {}});
        r.count = static_cast<long long>(
            store_.push(to.name, {std::make_move_iterator(frames.begin()),
                                  std::make_move_iterator(frames.end())}));
        queue(task::kind::list, to.name);
        break;
      case destination::kind::stream:
        for (auto& frame : frames) {
          r.entry_id = store_.add(to, frame);
          record.push_back({std::move(frame), r.entry_id, {}});
        }
        queue(task::kind::stream, to.name);
        break;
      }
    }
  }
  done(std::move(outcome));
}

void memory_router::start_locked(
    const std::shared_ptr<memory_subscription>& sub) {
  if (sub->active())
    return;
  sub->set_running(true);
  if (!sub->active())
    return; // unsubscribed
  auto& spec = sub->spec();
  switch (spec.kind) {
  case source_kind::channel:
    break;
  case source_kind::list:
    if (store_.has_items(spec.name))
      queue(task::kind::list, spec.name);
    break;
  case source_kind::stream:
    if (spec.group.empty()) {
      sub->cursor = store_.resolve(spec.name, sub->reads<stream_sub>().last_id);
    } else {
      store_.create_group(spec.name, spec.group,
                          sub->reads<stream_sub>().last_id);
      // As on Redis after every connect: this consumer's own pending
      // entries first.
      for (auto& in : store_.own_pending(spec.name, spec.group, spec.consumer))
        tasks_.push_back({task::kind::deliver, sub, std::move(in)});
    }
    queue(task::kind::stream, spec.name);
    break;
  }
}

std::shared_ptr<memory_subscription> memory_router::next_in_turn(
    const std::string& key,
    const std::function<bool(const memory_subscription&)>& reads) {
  std::vector<std::shared_ptr<memory_subscription>> readers;
  for (auto& sub : subs_)
    if (sub->active() && reads(*sub))
      readers.push_back(sub);
  if (readers.empty())
    return nullptr;
  return readers[turns_[key]++ % readers.size()];
}

std::size_t memory_router::deliver_list(const std::string& list) {
  std::shared_ptr<memory_subscription> sub;
  redis::inbound_batch items;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (requeued_.count(list) != 0)
      return 0; // its head waits for the next run

    sub = next_in_turn("list " + list, [&](const memory_subscription& s) {
      return s.reads_from(destination::kind::list, list);
    });
    if (!sub)
      return 0; // the items wait in the list, as in Redis
    items = store_.pop(list, sub->spec().pop_from,
                       sub->reads<list_sub>().max_records);
    if (store_.has_items(list))
      queue(task::kind::list, list);
  }
  auto n = items.size();
  if (n == 0)
    return 0;
  auto chunk = sub->handle(std::move(items));
  std::vector<std::string> given_back;
  for (std::size_t i = 0; i < n; ++i)
    if (chunk->outcomes[i] == processing::item_outcome::requeue)
      given_back.push_back(std::move(chunk->items[i].payload));
  if (!given_back.empty()) {
    std::lock_guard<std::mutex> guard{mtx_};
    store_.give_back(list, sub->spec().pop_from, std::move(given_back));
    requeued_.insert(list);
  }
  return n;
}

std::size_t memory_router::deliver_stream(const std::string& stream) {
  std::vector<stream_read> reads;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (read_stream(stream, reads))
      queue(task::kind::stream, stream);
  }
  std::size_t n = 0;
  for (auto& [sub, items] : reads) {
    n += items.size();
    acknowledge(*sub, *sub->handle(std::move(items)));
  }
  return n;
}

void memory_router::acknowledge(const memory_subscription& sub,
                                processing::work_chunk& chunk) {
  std::vector<std::string> acked;
  for (std::size_t i = 0; i < chunk.items.size(); ++i)
    if (chunk.outcomes[i] == processing::item_outcome::ack)
      acked.push_back(std::move(chunk.items[i].id));
  if (acked.empty())
    return;
  std::lock_guard<std::mutex> guard{mtx_};
  store_.ack(sub.spec().name, sub.spec().group, acked);
}

bool memory_router::read_stream(const std::string& stream,
                                std::vector<stream_read>& out) {
  bool more = false;
  std::set<std::string> groups;
  for (auto& sub : subs_) {
    auto& from = sub->spec();
    if (!sub->active() || !sub->reads_from(destination::kind::stream, stream))
      continue;
    if (from.group.empty()) {
      auto items = store_.read(stream, sub->cursor,
                               sub->reads<stream_sub>().max_records);
      if (!items.empty())
        out.emplace_back(sub, std::move(items));
      more |= store_.has_new(stream, sub->cursor);
      continue;
    }
    if (!groups.insert(from.group).second)
      continue;
    auto consumer =
        next_in_turn("stream " + stream + " group " + from.group,
                     [&](const memory_subscription& s) {
                       return s.reads_from(destination::kind::stream, stream) &&
                              s.spec().group == from.group;
                     });
    auto& as = consumer->spec();
    // ack_first: acknowledged as read, so never pending.
    auto items =
        store_.read_group(stream, as.group, as.consumer,
                          consumer->reads<stream_sub>().max_records,
                          !as.acks || as.policy == ack_policy::ack_first);
    if (!items.empty())
      out.emplace_back(consumer, std::move(items));
    more |= store_.has_new(stream, from.group);
  }
  return more;
}

void memory_router::queue(task::kind what, const std::string& key) {
  tasks_.push_back({what, nullptr, {key, {}, {}}});
}

} // namespace redactor::testing
