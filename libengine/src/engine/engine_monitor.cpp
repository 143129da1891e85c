// SPDX-License-Identifier: MIT
#include "engine/engine_monitor.hpp"

#include <algorithm>

#include "redis/command_gateway.hpp"
#include "redis/commands.hpp"
#include "subscriptions/subscription.hpp"

namespace redactor::engine {
namespace {

template <class T>
std::int64_t as_value(const std::atomic<T>& v) {
  return static_cast<std::int64_t>(v.load(std::memory_order_relaxed));
}

/// `field` of one XINFO GROUPS entry (a flat name/value array); -1 when
/// missing or nil (lag is nil when Redis cannot tell).
std::int64_t group_field(const redis::reply& group, std::string_view field) {
  for (std::size_t i = 0; i + 1 < group.elements.size(); i += 2)
    if (group.elements[i].str == field)
      return group.elements[i + 1].type == redis::reply::kind::integer
                 ? group.elements[i + 1].integer
                 : -1;
  return -1;
}

/// The entry of `group` in an XINFO GROUPS reply, or null.
const redis::reply* find_group(const redis::reply& groups,
                               const std::string& group) {
  for (auto& g : groups.elements)
    for (std::size_t i = 0; i + 1 < g.elements.size(); i += 2)
      if (g.elements[i].str == "name" && g.elements[i + 1].str == group)
        return &g;
  return nullptr;
}

} // namespace

engine_monitor::engine_monitor(
    metrics::engine_metrics& metrics,
    std::shared_ptr<const requests::request_stats> requests)
    : metrics_(metrics), requests_(std::move(requests)) {
  metrics_.families().add_refresher([this] { refresh(); });
}

void engine_monitor::watch(
    const std::shared_ptr<const subscriptions::subscription>& sub) {
  std::lock_guard<std::mutex> guard{mtx_};
  subs_.push_back(sub);
}

void engine_monitor::watch(const std::shared_ptr<const redis::locator>& where) {
  std::lock_guard<std::mutex> guard{mtx_};
  where_.push_back(where);
}

std::vector<std::shared_ptr<const redis::locator>>
engine_monitor::live_locators() const {
  std::vector<std::shared_ptr<const redis::locator>> out;
  std::lock_guard<std::mutex> guard{mtx_};
  for (const auto& weak : where_)
    if (auto where = weak.lock())
      out.push_back(std::move(where));
  return out;
}

void engine_monitor::watch(std::string name,
                           const redis::connection_stats_ptr& stats,
                           bool required_for_health) {
  std::lock_guard<std::mutex> guard{mtx_};
  connections_.push_back({std::move(name), stats, required_for_health});
}

std::vector<std::shared_ptr<const subscriptions::subscription>>
engine_monitor::live_subscriptions() const {
  std::lock_guard<std::mutex> guard{mtx_};
  std::vector<std::shared_ptr<const subscriptions::subscription>> out;
  subs_.erase(std::remove_if(subs_.begin(), subs_.end(),
                             [&](auto& weak) {
                               auto sub = weak.lock();
                               if (!sub || sub->stopped())
                                 return true;
                               out.push_back(std::move(sub));
                               return false;
                             }),
              subs_.end());
  return out;
}

void engine_monitor::watch(
    std::string name,
    const std::shared_ptr<const redis::reader_status>& status) {
  std::lock_guard<std::mutex> guard{mtx_};
  readers_.emplace_back(std::move(name), status);
}

std::vector<std::pair<std::string, std::shared_ptr<const redis::reader_status>>>
engine_monitor::live_readers() const {
  std::lock_guard<std::mutex> guard{mtx_};
  std::vector<
      std::pair<std::string, std::shared_ptr<const redis::reader_status>>>
      out;
  readers_.erase(std::remove_if(readers_.begin(), readers_.end(),
                                [&](auto& r) {
                                  auto status = r.second.lock();
                                  if (!status)
                                    return true;
                                  out.emplace_back(r.first, std::move(status));
                                  return false;
                                }),
                 readers_.end());
  return out;
}

std::vector<std::pair<std::string, redis::connection_stats_ptr>>
engine_monitor::live_connections(bool required_only) const {
  std::lock_guard<std::mutex> guard{mtx_};
  std::vector<std::pair<std::string, redis::connection_stats_ptr>> out;
  connections_.erase(std::remove_if(connections_.begin(), connections_.end(),
                                    [&](auto& c) {
                                      auto stats = c.stats.lock();
                                      if (!stats)
                                        return true;
                                      if (c.required || !required_only)
                                        out.emplace_back(c.name,
                                                         std::move(stats));
                                      return false;
                                    }),
                     connections_.end());
  return out;
}

health_report engine_monitor::health() const {
  if (!running_.load())
    return {false, "not running", {}, {}};
  health_report report;
  std::string why;
  auto add = [&why](const std::string& problem) {
    why += why.empty() ? problem : "; " + problem;
  };
  bool master_missing = false;
  for (const auto& where : live_locators()) {
    if (!where->via_sentinel() && !where->via_cluster())
      continue;
    // Every loop's locator names the same master once it knows it.
    bool known = where->stats()->master_known.load();
    if (report.master.empty() || !known)
      report.master = where->master_text();
    master_missing |= !known;
  }
  if (master_missing)
    add(report.master);
  auto required = live_connections(true);
  for (auto& watched : live_connections(false)) {
    auto& [name, stats] = watched;
    auto node = stats->node();
    bool up = stats->up.load();
    report.connections.push_back({name, node.address, node.role, up});
    if (!up && std::any_of(required.begin(), required.end(),
                           [&](auto& r) { return r.second == watched.second; }))
      add(name + " connection down");
  }
  for (auto& sub : live_subscriptions())
    if (auto problem = sub->problem(); !problem.empty())
      add(sub->spec().label + ": " + problem);
  for (auto& [name, status] : live_readers())
    if (auto problem = status->problem(); !problem.empty())
      add(name + ": " + problem);
  report.healthy = why.empty();
  report.reason = why.empty() ? "ok" : why;
  return report;
}

void engine_monitor::refresh() const {
  auto& m = metrics_;
  m.rpc_pending.with({}).set(as_value(requests_->pending));
  m.rpc_replies.with({}).set(as_value(requests_->replied));
  m.rpc_timeouts.with({}).set(as_value(requests_->timed_out));
  m.rpc_late_replies.with({}).set(as_value(requests_->late_replies));
  m.rpc_refused.with({}).set(as_value(requests_->refused));

  // Refilled from scratch: subscriptions and connections come and go, and
  // two subscriptions on one name add up.
  for (auto* fam :
       {&m.deadline_dropped, &m.refused_replies, &m.dead_lettered,
        &m.undecodable, &m.oversized, &m.mailbox_depth, &m.subscription_up,
        &m.stream_pending, &m.stream_lag, &m.connection_up,
        &m.connection_reconnects, &m.connection_refused})
    fam->clear();
  for (auto& sub : live_subscriptions()) {
    auto& spec = sub->spec();
    auto& stats = *spec.stats;
    m.deadline_dropped.with({spec.name}).add(as_value(stats.expired));
    m.refused_replies.with({spec.name}).add(as_value(stats.refused_replies));
    m.dead_lettered.with({spec.name}).add(as_value(stats.dead_lettered));
    m.undecodable.with({spec.name}).add(as_value(stats.undecodable));
    m.oversized.with({spec.name}).add(as_value(stats.oversized));
    m.mailbox_depth.with({spec.name}).add(as_value(stats.backlog));
    m.subscription_up.with({spec.name}).add(sub->active() ? 1 : 0);
    if (as_value(stats.stream_pending) >= 0)
      m.stream_pending.with({spec.name, spec.group})
          .set(as_value(stats.stream_pending));
    if (as_value(stats.stream_lag) >= 0)
      m.stream_lag.with({spec.name, spec.group})
          .set(as_value(stats.stream_lag));
  }
  std::int64_t resent = 0;
  for (auto& [name, stats] : live_connections(false)) {
    auto role = stats->node().role;
    m.connection_up.with({name, role}).set(stats->up.load() ? 1 : 0);
    m.connection_reconnects.with({name, role}).set(as_value(stats->reconnects));
    m.connection_refused.with({name}).set(as_value(stats->refused));
    resent += as_value(stats->resent);
  }
  m.publish_retries.with({}).set(resent);
  auto locators = live_locators();
  if (locators.empty())
    return;
  std::int64_t failovers = 0, moved = 0, asked = 0, topology_reads = 0;
  for (const auto& where : locators) {
    auto& stats = *where->stats();
    failovers = std::max(failovers, as_value(stats.failovers));
    moved += as_value(stats.moved);
    asked += as_value(stats.asked);
    topology_reads += as_value(stats.topology_reads);
  }
  m.failovers.with({}).set(failovers);
  if (locators.front()->via_cluster()) {
    m.cluster_redirects.with({"moved"}).set(moved);
    m.cluster_redirects.with({"ask"}).set(asked);
    m.cluster_topology_reads.with({}).set(topology_reads);
  }
}

void engine_monitor::sample_streams(redis::command_gateway& gateway) const {
  for (auto& sub : live_subscriptions()) {
    auto& spec = sub->spec();
    if (spec.kind != source_kind::stream || spec.group.empty())
      continue;
    gateway.command(
        redis::commands::group_info(spec.name),
        [stats = spec.stats, group = spec.group](result<redis::reply> r) {
          if (!r || !r->is_array())
            return;
          if (auto* g = find_group(*r, group)) {
            stats->stream_pending.store(group_field(*g, "pending"));
            stats->stream_lag.store(group_field(*g, "lag"));
          }
        });
  }
}

} // namespace redactor::engine
