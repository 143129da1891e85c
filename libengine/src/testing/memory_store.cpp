// SPDX-License-Identifier: MIT
#include "testing/memory_store.hpp"

#include <algorithm>
#include <charconv>

namespace redactor::testing {

std::size_t memory_store::push(const std::string& list,
                               std::vector<std::string> items) {
  auto& l = lists_[list];
  for (auto& item : items)
    l.push_back(std::move(item));
  return l.size();
}

void memory_store::give_back(const std::string& list, list_end end,
                             std::vector<std::string> items) {
  auto& l = lists_[list];
  if (end == list_end::left)
    l.insert(l.begin(), std::make_move_iterator(items.begin()),
             std::make_move_iterator(items.end()));
  else
    l.insert(l.end(), std::make_move_iterator(items.rbegin()),
             std::make_move_iterator(items.rend()));
}

redis::inbound_batch memory_store::pop(const std::string& list, list_end end,
                                       std::size_t n) {
  redis::inbound_batch out;
  auto i = lists_.find(list);
  if (i == lists_.end())
    return out;
  auto& l = i->second;
  while (!l.empty() && out.size() < n) {
    if (end == list_end::left) {
      out.push_back({std::move(l.front()), {}, {}});
      l.pop_front();
    } else {
      out.push_back({std::move(l.back()), {}, {}});
      l.pop_back();
    }
  }
  if (l.empty())
    lists_.erase(i);
  return out;
}

bool memory_store::has_items(const std::string& list) const {
  return lists_.count(list) > 0;
}

std::string memory_store::add(const destination& to, std::string payload) {
  auto& s = streams_[to.name];
  s.entries.push_back({++s.last, std::move(payload)});
  while (to.maxlen > 0 && s.entries.size() > to.maxlen)
    s.entries.pop_front();
  return id_of(s.last);
}

memory_store::position memory_store::resolve(const std::string& stream,
                                             const std::string& last_id) {
  if (last_id.empty() || last_id == "$")
    return streams_[stream].last;
  position at = 0;
  std::from_chars(last_id.data(), last_id.data() + last_id.size(), at);
  return at;
}

void memory_store::create_group(const std::string& stream,
                                const std::string& group,
                                const std::string& last_id) {
  auto at = resolve(stream, last_id);
  auto& s = streams_[stream];
  if (s.groups.count(group) == 0)
    s.groups[group].delivered = at;
}

redis::inbound_batch memory_store::read(const std::string& stream,
                                        position& cursor, std::size_t n) const {
  auto i = streams_.find(stream);
  if (i == streams_.end())
    return {};
  return after(i->second, cursor, n, [](position) {});
}

redis::inbound_batch memory_store::read_group(const std::string& stream,
                                              const std::string& group,
                                              const std::string& consumer,
                                              std::size_t n, bool no_ack) {
  auto& s = streams_[stream];
  auto& g = s.groups[group];
  return after(s, g.delivered, n, [&](position at) {
    if (!no_ack)
      g.pending[at] = consumer;
  });
}

redis::inbound_batch
memory_store::own_pending(const std::string& stream, const std::string& group,
                          const std::string& consumer) const {
  redis::inbound_batch out;
  auto s = streams_.find(stream);
  if (s == streams_.end())
    return out;
  auto g = s->second.groups.find(group);
  if (g == s->second.groups.end())
    return out;
  for (const auto& [at, owner] : g->second.pending) {
    if (owner != consumer)
      continue;
    for (const auto& e : s->second.entries)
      if (e.at == at)
        out.push_back({e.payload, id_of(at), {}});
  }
  return out;
}

bool memory_store::has_new(const std::string& stream, position cursor) const {
  auto i = streams_.find(stream);
  return i != streams_.end() && !i->second.entries.empty() &&
         i->second.entries.back().at > cursor;
}

bool memory_store::has_new(const std::string& stream,
                           const std::string& group) const {
  auto i = streams_.find(stream);
  if (i == streams_.end())
    return false;
  auto g = i->second.groups.find(group);
  return g != i->second.groups.end() && has_new(stream, g->second.delivered);
}

void memory_store::ack(const std::string& stream, const std::string& group,
                       const std::vector<std::string>& ids) {
  auto i = streams_.find(stream);
  if (i == streams_.end())
    return;
  auto g = i->second.groups.find(group);
  if (g == i->second.groups.end())
    return;
  for (auto& id : ids) {
    position at = 0;
    std::from_chars(id.data(), id.data() + id.size(), at);
    g->second.pending.erase(at);
  }
}

std::size_t memory_store::pending(const std::string& stream,
                                  const std::string& group) const {
  auto i = streams_.find(stream);
  if (i == streams_.end())
    return 0;
  auto g = i->second.groups.find(group);
  return g == i->second.groups.end() ? 0 : g->second.pending.size();
}

std::string memory_store::id_of(position at) {
  return std::to_string(at) + "-0";
}

template <class OnEntry>
redis::inbound_batch memory_store::after(const stream_state& s,
                                         position& cursor, std::size_t n,
                                         OnEntry on_entry) {
  auto i =
      std::upper_bound(s.entries.begin(), s.entries.end(), cursor,
                       [](position at, const entry& e) { return at < e.at; });
  redis::inbound_batch out;
  for (; i != s.entries.end() && out.size() < n; ++i) {
    out.push_back({i->payload, id_of(i->at), {}});
    cursor = i->at;
    on_entry(i->at);
  }
  return out;
}

} // namespace redactor::testing
