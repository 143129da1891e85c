// SPDX-License-Identifier: MIT
#include "cluster/topology.hpp"

#include <algorithm>
#include <charconv>

namespace redactor::cluster {
namespace {

error_info malformed(const char* command, const std::string& why) {
  return make_error(errc::protocol_violation,
                    std::string{command} + ": unexpected answer: " + why);
}

/// An integer that RESP2 may carry as an integer or as a string.
std::optional<long long> number(const redis::reply& r) {
  if (r.type == redis::reply::kind::integer)
    return r.integer;
  long long value = 0;
  auto res = std::from_chars(r.str.data(), r.str.data() + r.str.size(), value);
  if (r.str.empty() || res.ec != std::errc{} ||
      res.ptr != r.str.data() + r.str.size())
    return std::nullopt;
  return value;
}

/// A field of a flat [name, value, name, value...] map; null if absent.
const redis::reply* field(const redis::reply& map, std::string_view name) {
  for (std::size_t i = 0; i + 1 < map.elements.size(); i += 2)
    if (map.elements[i].str == name)
      return &map.elements[i + 1];
  return nullptr;
}

/// A node's host: its announced endpoint, else its IP, else (empty, as a
/// node describes itself before it knows its own IP) the node asked.
std::string host_of(const std::string& endpoint, const std::string& ip,
                    const redis::address& asked) {
  if (!endpoint.empty() && endpoint != "?")
    return endpoint;
  return ip.empty() ? asked.host : ip;
}

} // namespace

result<topology> topology::from_shards(const redis::reply& r,
                                       const redis::address& asked, bool tls) {
  if (r.is_error())
    return make_error(errc::refused, "CLUSTER SHARDS: " + r.str);
  if (!r.is_array())
    return malformed("CLUSTER SHARDS", "not a list of shards");
  topology out;
  for (auto& shard : r.elements) {
    auto* slots = field(shard, "slots");
    auto* nodes = field(shard, "nodes");
    if (slots == nullptr || nodes == nullptr || !slots->is_array() ||
        !nodes->is_array() || slots->elements.size() % 2 != 0)
      return malformed("CLUSTER SHARDS", "a shard without slots or nodes");
    bool online_master = false;
    std::optional<redis::address> master_at;
    for (auto& node : nodes->elements) {
      auto* role = field(node, "role");
      auto* port = field(node, tls ? "tls-port" : "port");
      auto* ip = field(node, "ip");
      auto* endpoint = field(node, "endpoint");
      auto* health = field(node, "health");
      auto port_number = port ? number(*port) : std::nullopt;
      if (role == nullptr || !port_number || *port_number <= 0 ||
          *port_number > 65535)
        return malformed("CLUSTER SHARDS",
                         tls ? "a node without a TLS port (is TLS on for "
                               "clients of this cluster?)"
                             : "a node without a role or port");
      redis::address at{
          host_of(endpoint ? endpoint->str : "", ip ? ip->str : "", asked),
          static_cast<std::uint16_t>(*port_number)};
      // "online", "loading" (a replica still syncing) or "failed".
      bool online = !health || health->str != "failed";
      // A failed master stays listed in its shard beside the replica that
      // took over: the online one serves.
      if (role->str == "master" && (online || !online_master))
        master_at = at;
      else if (role->str != "master" && online)
        out.replicas_.push_back(at);
      if (role->str == "master" && online)
        online_master = true;
    }
    if (slots->elements.empty())
      continue; // a master without slots (yet): nothing routes to it
    if (!master_at)
      return malformed("CLUSTER SHARDS", "a shard with slots but no master");
    auto index = out.master_index(*master_at);
    for (std::size_t i = 0; i < slots->elements.size(); i += 2) {
      auto first = number(slots->elements[i]);
      auto last = number(slots->elements[i + 1]);
      if (!first || !last)
        return malformed("CLUSTER SHARDS", "a bad slot range");
      out.serve(*first, *last, index);
    }
  }
  return out;
}

result<topology> topology::from_slots(const redis::reply& r,
                                      const redis::address& asked) {
  if (r.is_error())
    return make_error(errc::refused, "CLUSTER SLOTS: " + r.str);
  if (!r.is_array())
    return malformed("CLUSTER SLOTS", "not a list of slot ranges");
  topology out;
  for (auto& range : r.elements) {
    auto& e = range.elements;
    if (!range.is_array() || e.size() < 3)
      return malformed("CLUSTER SLOTS", "a short slot range");
    auto first = number(e[0]);
    auto last = number(e[1]);
    std::optional<std::uint16_t> master;
    for (std::size_t i = 2; i < e.size(); ++i) {
      auto& node = e[i].elements;
      auto port = node.size() >= 2 ? number(node[1]) : std::nullopt;
      if (!port || *port <= 0 || *port > 65535)
        return malformed("CLUSTER SLOTS", "a node without a port");
      redis::address at{host_of("", node[0].str, asked),
                        static_cast<std::uint16_t>(*port)};
      if (i == 2)
        master = out.master_index(at);
      else if (std::find(out.replicas_.begin(), out.replicas_.end(), at) ==
               out.replicas_.end())
        out.replicas_.push_back(at);
    }
    if (!first || !last)
      return malformed("CLUSTER SLOTS", "a bad slot range");
    out.serve(*first, *last, *master);
  }
  return out;
}

std::optional<redis::address> topology::owner(std::uint16_t slot) const {
  auto at = owners_[slot % slot_count];
  if (at == none)
    return std::nullopt;
  return masters_[at];
}

void topology::assign(std::uint16_t slot, const redis::address& master) {
  owners_[slot % slot_count] = master_index(master);
  replicas_.erase(std::remove(replicas_.begin(), replicas_.end(), master),
                  replicas_.end());
}

bool topology::is_master(const redis::address& at) const {
  return std::find(masters_.begin(), masters_.end(), at) != masters_.end();
}

std::size_t topology::uncovered() const {
  return static_cast<std::size_t>(
      std::count(owners_.begin(), owners_.end(), none));
}

std::string topology::text() const {
  auto missing = uncovered();
  return std::to_string(masters_.size()) + " masters, " +
         std::to_string(replicas_.size()) + " replicas, " +
         (missing == 0 ? std::string{"all slots served"}
                       : std::to_string(missing) + " slots unserved");
}

std::uint16_t topology::master_index(const redis::address& master) {
  auto found = std::find(masters_.begin(), masters_.end(), master);
  if (found != masters_.end())
    return static_cast<std::uint16_t>(found - masters_.begin());
  masters_.push_back(master);
  return static_cast<std::uint16_t>(masters_.size() - 1);
}

void topology::serve(long long first, long long last, std::uint16_t master) {
  first = std::max(first, 0LL);
  last = std::min(last, static_cast<long long>(slot_count) - 1);
  for (auto slot = first; slot <= last; ++slot)
    owners_[static_cast<std::size_t>(slot)] = master;
}

} // namespace redactor::cluster
