// SPDX-License-Identifier: MIT
#include "redis/locator.hpp"

#include <algorithm>
#include <charconv>

#include "redis/connection.hpp"

namespace redactor::redis {
namespace {

/// How long the watch waits before trying the next Sentinel.
constexpr std::chrono::milliseconds rewatch_delay{500};

constexpr std::string_view switch_channel = "+switch-master";

/// The least time between two rounds of reading the cluster's slot map.
constexpr std::chrono::milliseconds round_spacing{100};

/// The port in a Sentinel's answer, or 0.
std::uint16_t parse_port(const std::string& text) {
  std::uint16_t port = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), port);
  return res.ec == std::errc{} && res.ptr == text.data() + text.size() ? port
                                                                       : 0;
}

void add_unique(std::vector<address>& to, const address& at) {
  if (std::find(to.begin(), to.end(), at) == to.end())
    to.push_back(at);
}

} // namespace

locator::locator(io_loop& loop, connection_options options, log_sink log)
    : loop_(loop), options_(std::move(options)), log_(std::move(log)) {
  if (!via_sentinel() && !via_cluster())
    stats_->master_known.store(true);
}

locator::~locator() {
  // The last owner may be on any thread once the loop has stopped: the
  // loop is not touched here; a timer still set finds alive_ false.
  *alive_ = false;
}

void locator::locate(const route& to, found_handler found) {
  if (closed_)
    return found(make_error(errc::connection_lost, "broker stopped"));
  if (auto at = current(to))
    return found(*at);
  waiting_.push_back({to, std::move(found)});
  refresh();
}

std::optional<address> locator::current(const route& to) const {
  if (via_cluster()) {
    if (to.node)
      return to.node;
    if (!topology_)
      return std::nullopt;
    if (to.slot)
      return topology_->owner(*to.slot);
    if (topology_->masters().empty())
      return std::nullopt;
    return topology_->masters().front();
  }
  if (!via_sentinel())
    return address{options_.host, options_.port};
  return master_;
}

bool locator::serves(const route& to, const address& at) const {
  if (via_cluster() && !to.slot && !to.node)
    return topology_ && topology_->is_master(at);
  return current(to) == at;
}

void locator::not_master(const address& at) {
  if (via_cluster())
    return refresh();
  if (master_ && *master_ == at)
    set_master(std::nullopt);
}

void locator::moved(std::uint16_t slot, const address& at) {
  stats_->moved.fetch_add(1, std::memory_order_relaxed);
  if (!topology_ || topology_->owner(slot) == at)
    return;
  topology_->assign(slot, at);
  changed();
  // One slot known; the rest of the move (a resharding moves many, a
  // failover all of a master's) is read in one go.
  refresh();
}

void locator::asked() noexcept {
  stats_->asked.fetch_add(1, std::memory_order_relaxed);
}

std::vector<address> locator::masters() const {
  if (via_cluster())
    return topology_ ? topology_->masters() : std::vector<address>{};
  if (auto at = current({}))
    return {*at};
  return {};
}

locator::listener_id locator::on_change(change_handler changed) {
  auto id = next_listener_++;
  listeners_.emplace(id, std::move(changed));
  return id;
}

void locator::forget(listener_id id) {
  listeners_.erase(id);
}

void locator::close() {
  closed_ = true;
  loop_.cancel_timer(std::exchange(rewatch_timer_, 0));
  loop_.cancel_timer(std::exchange(refresh_timer_, 0));
  loop_.cancel_timer(std::exchange(spacing_timer_, 0));
  if (asking_)
    asking_->close();
  if (watching_)
    watching_->close();
  asking_.reset();
  watching_.reset();
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& w : waiting)
    w.found(make_error(errc::connection_lost, "broker stopped"));
}

std::string locator::master_text() const {
  if (!via_sentinel() && !via_cluster())
    return address{options_.host, options_.port}.text();
  std::lock_guard<std::mutex> guard{text_mtx_};
  return master_text_;
}

connection_options locator::asking_options(const address& at,
                                           bool sentinel) const {
  connection_options out = options_;
  out.sentinel = {};
  out.cluster = {};
  out.host = at.host;
  out.port = at.port;
  out.db = 0;
  if (sentinel) {
    out.user = options_.sentinel.user;
    out.password = options_.sentinel.password;
  }
  return out;
}

// -- asking -------------------------------------------------------------------

void locator::refresh() {
  if (asking_ || closed_ || spacing_timer_ != 0)
    return;
  // Every failing connection asks for a new slot map while a node is
  // down: one round per spacing is enough.
  auto since = io_loop::clock::now() - last_round_;
  if (via_cluster() && since < round_spacing) {
    auto alive = alive_;
    spacing_timer_ = loop_.add_timer(round_spacing - since, [this, alive] {
      if (!*alive)
        return;
      spacing_timer_ = 0;
      refresh();
    });
    return;
  }
  last_round_ = io_loop::clock::now();
  candidates_.clear();
  if (via_sentinel()) {
    for (auto& n : options_.sentinel.nodes)
      candidates_.push_back({n.host, n.port});
  } else {
    // The nodes last known first (the seeds may be long gone), masters
    // before replicas (a replica's view lags).
    if (topology_) {
      for (auto& at : topology_->masters())
        add_unique(candidates_, at);
      for (auto& at : topology_->replicas())
        add_unique(candidates_, at);
    }
    for (auto& n : options_.cluster.seeds)
      add_unique(candidates_, {n.host, n.port});
  }
  asked_in_ = switches_;
  ask(0, {});
}

void locator::ask(std::size_t index, std::string failures) {
  if (index == candidates_.size()) {
    asking_.reset();
    return unanswered(failures);
  }
  auto alive = alive_;
  // Each node gets one connection attempt: a failure moves on to the next
  // rather than waiting for the connection's own reconnect.
  connection::listener events;
  events.on_state = [this, alive, index](connection_state s,
                                         const error_info* why) {
    if (*alive && !closed_ && s == connection_state::disconnected && why)
      ask_next(index,
               failures_ + (failures_.empty() ? "" : "; ") + why->detail);
  };
  asking_ = std::make_unique<connection>(
      std::make_shared<locator>(
          loop_, asking_options(candidates_[index], via_sentinel())),
      route{}, connection::mode::commands, std::move(events));
  failures_ = std::move(failures);
  asking_->open();
  if (via_sentinel())
    ask_sentinel(index);
  else
    ask_cluster(index, true);
}

void locator::ask_next(std::size_t index, const std::string& failures) {
  auto alive = alive_;
  loop_.defer([this, alive, index, failures] {
    if (*alive && !closed_)
      ask(index + 1, failures);
  });
}

void locator::ask_sentinel(std::size_t index) {
  auto alive = alive_;
  auto where = candidates_[index].text();
  asking_->send(
      {"SENTINEL", "get-master-addr-by-name", options_.sentinel.master_name},
      [this, alive, index, where](result<reply> r) {
        if (!*alive || closed_ || !r)
          return; // a loss moves on through on_state
        auto next = [&](const std::string& why) {
          ask_next(index, failures_ + (failures_.empty() ? "" : "; ") + where +
                              ": " + why);
        };
        if (r->is_error())
          return next("refused: " + r->str);
        if (!r->is_array() || r->elements.size() != 2)
          return next("does not monitor a master by that name");
        auto port = parse_port(r->elements[1].str);
        if (port == 0)
          return next("answered a bad port '" + r->elements[1].str + "'");
        answered(address{r->elements[0].str, port}, index);
      });
}

void locator::ask_cluster(std::size_t index, bool shards) {
  auto alive = alive_;
  auto at = candidates_[index];
  std::vector<std::string_view> command{"CLUSTER", "SHARDS"};
  if (!shards)
    command[1] = "SLOTS";
  asking_->send(command, [this, alive, index, at, shards](result<reply> r) {
    if (!*alive || closed_ || !r)
      return;
    // Before Redis 7 there is only CLUSTER SLOTS.
    if (shards && r->is_error() && !r->is_error("NOPERM") &&
        !r->is_error("CLUSTERDOWN") &&
        r->str.find("cluster support disabled") == std::string::npos)
      return ask_cluster(index, false);
    auto map =
        shards ? cluster::topology::from_shards(*r, at, options_.tls.enabled)
               : cluster::topology::from_slots(*r, at);
    if (!map || map->masters().empty())
      return ask_next(
          index, failures_ + (failures_.empty() ? "" : "; ") + at.text() +
                     ": " + (map ? "serves no slots" : map.error().detail));
    answered(std::move(*map));
  });
}

void locator::answered(address master, std::size_t index) {
  // Not destroyed inside its own callback.
  loop_.defer([done = std::shared_ptr<connection>(std::move(asking_))] {});
  // A Sentinel asked before an announced switch may still name the old
  // master, which stays writable until it is demoted: the switch wins.
  if (asked_in_ != switches_ && master_)
    master = *master_;
  if (last_master_ && *last_master_ != master)
    moved_to(master);
  else
    set_master(master);
  if (!watching_ && rewatch_timer_ == 0)
    watch(index);
  unanswered_ = false;
  serve_waiting();
}

void locator::answered(cluster::topology map) {
  loop_.defer([done = std::shared_ptr<connection>(std::move(asking_))] {});
  stats_->topology_reads.fetch_add(1, std::memory_order_relaxed);
  unanswered_ = false;
  set_topology(std::move(map));
  arm_periodic_refresh();
  serve_waiting();
}

void locator::unanswered(const std::string& failures) {
  auto what = via_sentinel() ? "no Sentinel named master '" +
                                   options_.sentinel.master_name + "'"
                             : std::string{"no cluster node sent its slot map"};
  auto err = make_error(errc::connection_failed, what + ": " + failures);
  // Once per episode: every connection retries through here.
  if (log_ && !std::exchange(unanswered_, true))
    log_(log_level::warning, err.detail);
  if (via_cluster())
    arm_periodic_refresh();
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& w : waiting)
    w.found(err);
}

void locator::serve_waiting() {
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& w : waiting) {
    if (auto at = current(w.to))
      w.found(*at);
    else
      w.found(make_error(errc::connection_failed,
                         "no master serves slot " +
                             std::to_string(w.to.slot.value_or(0)) + " (" +
                             master_text() + ")"));
  }
}

void locator::arm_periodic_refresh() {
  if (refresh_timer_ != 0 || closed_)
    return;
  auto alive = alive_;
  refresh_timer_ =
      loop_.add_timer(options_.cluster.refresh_interval, [this, alive] {
        if (!*alive)
          return;
        refresh_timer_ = 0;
        refresh();
      });
}

void locator::changed() {
  auto listeners = listeners_;
  for (auto& [id, changed] : listeners)
    if (listeners_.count(id) != 0)
      changed();
}

// -- Sentinel: watching -------------------------------------------------------

void locator::watch(std::size_t index) {
  watched_index_ = index;
  auto alive = alive_;
  connection::listener events;
  events.on_state = [this, alive](connection_state s, const error_info* why) {
    if (!*alive || closed_)
      return;
    if (s == connection_state::ready) {
      watching_->send({"SUBSCRIBE", std::string{switch_channel}}, {});
      // A switch announced while the watch was down is not repeated.
      refresh();
    } else if (s == connection_state::disconnected && why) {
      // This Sentinel is away: watch the next one.
      loop_.defer([this, alive] {
        if (!*alive || closed_)
          return;
        watching_.reset();
        rewatch_timer_ = loop_.add_timer(rewatch_delay, [this, alive] {
          rewatch_timer_ = 0;
          if (*alive && !closed_)
            watch((watched_index_ + 1) % options_.sentinel.nodes.size());
        });
      });
    }
  };
  events.on_push = [this, alive](reply& r) {
    if (*alive && r.is_array() && r.elements.size() == 3 &&
        r.elements[0].str == "message" && r.elements[1].str == switch_channel)
      on_switch(r.elements[2].str);
  };
  auto& n = options_.sentinel.nodes[index];
  watching_ = std::make_unique<connection>(
      std::make_shared<locator>(loop_, asking_options({n.host, n.port}, true)),
      route{}, connection::mode::pubsub, std::move(events));
  watching_->open();
}

void locator::on_switch(const std::string& payload) {
  // "<name> <old-ip> <old-port> <new-ip> <new-port>"
  std::vector<std::string> words;
  for (std::size_t at = 0; at <= payload.size();) {
    auto space = payload.find(' ', at);
    if (space == std::string::npos)
      space = payload.size();
    words.push_back(payload.substr(at, space - at));
    at = space + 1;
  }
  if (words.size() != 5 || words[0] != options_.sentinel.master_name)
    return;
  auto port = parse_port(words[4]);
  if (port == 0)
    return;
  address master{words[3], port};
  if (master_ != master) {
    ++switches_;
    moved_to(master);
  }
}

void locator::moved_to(const address& master) {
  stats_->failovers.fetch_add(1, std::memory_order_relaxed);
  if (log_)
    log_(log_level::warning, "Sentinel: master '" +
                                 options_.sentinel.master_name + "' moved to " +
                                 master.text());
  set_master(master);
  changed();
}

void locator::set_master(std::optional<address> master) {
  if (master)
    last_master_ = *master;
  master_ = std::move(master);
  stats_->master_known.store(master_.has_value());
  std::lock_guard<std::mutex> guard{text_mtx_};
  master_text_ =
      master_ ? master_->text() + " (master '" + options_.sentinel.master_name +
                    "')"
              : "no master known for '" + options_.sentinel.master_name + "'";
}

// -- cluster ------------------------------------------------------------------

void locator::set_topology(cluster::topology map) {
  if (topology_ && *topology_ == map)
    return;
  if (topology_) {
    // A replica that now serves slots took over from a failed master.
    for (auto& at : map.masters())
      if (!topology_->is_master(at) &&
          std::find(topology_->replicas().begin(), topology_->replicas().end(),
                    at) != topology_->replicas().end()) {
        stats_->failovers.fetch_add(1, std::memory_order_relaxed);
        if (log_)
          log_(log_level::warning,
               "cluster: replica " + at.text() + " took over as a master");
      }
  }
  topology_ = std::move(map);
  stats_->master_known.store(topology_->uncovered() == 0);
  {
    std::lock_guard<std::mutex> guard{text_mtx_};
    master_text_ = "cluster: " + topology_->text();
  }
  changed();
}

} // namespace redactor::redis
