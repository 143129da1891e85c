// SPDX-License-Identifier: MIT
#include "redis/locator.hpp"

#include <charconv>

#include "redis/connection.hpp"

namespace redactor::redis {
namespace {

/// How long the watch waits before trying the next Sentinel.
constexpr std::chrono::milliseconds rewatch_delay{500};

constexpr std::string_view switch_channel = "+switch-master";

/// The port in a Sentinel's answer, or 0.
std::uint16_t parse_port(const std::string& text) {
  std::uint16_t port = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), port);
  return res.ec == std::errc{} && res.ptr == text.data() + text.size() ? port
                                                                       : 0;
}

} // namespace

locator::locator(io_loop& loop, connection_options options, log_sink log)
    : loop_(loop), options_(std::move(options)), log_(std::move(log)) {
  if (!via_sentinel())
    stats_->master_known.store(true);
}

locator::~locator() {
  // The last owner may be on any thread once the loop has stopped: the
  // loop is not touched here; a timer still set finds alive_ false.
  *alive_ = false;
}

void locator::locate(found_handler found) {
  if (closed_)
    return found(make_error(errc::connection_lost, "broker stopped"));
  if (!via_sentinel())
    return found(address{options_.host, options_.port});
  if (master_)
    return found(*master_);
  waiting_.push_back(std::move(found));
  refresh();
}

void locator::not_master(const address& at) {
  if (master_ && *master_ == at)
    set_master(std::nullopt);
}

locator::listener_id locator::on_move(move_handler moved) {
  auto id = next_listener_++;
  listeners_.emplace(id, std::move(moved));
  return id;
}

void locator::forget(listener_id id) {
  listeners_.erase(id);
}

void locator::close() {
  closed_ = true;
  loop_.cancel_timer(std::exchange(rewatch_timer_, 0));
  if (asking_)
    asking_->close();
  if (watching_)
    watching_->close();
  asking_.reset();
  watching_.reset();
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& w : waiting)
    w(make_error(errc::connection_lost, "broker stopped"));
}

std::string locator::master_text() const {
  if (!via_sentinel())
    return address{options_.host, options_.port}.text();
  std::lock_guard<std::mutex> guard{text_mtx_};
  return master_text_;
}

connection_options locator::sentinel_options(std::size_t index) const {
  connection_options out = options_;
  out.sentinel = {};
  out.host = options_.sentinel.nodes[index].host;
  out.port = options_.sentinel.nodes[index].port;
  out.user = options_.sentinel.user;
  out.password = options_.sentinel.password;
  out.db = 0;
  return out;
}

// -- asking -------------------------------------------------------------------

void locator::ask(std::size_t index, std::string failures) {
  if (index == 0)
    asked_in_ = switches_;
  auto& nodes = options_.sentinel.nodes;
  if (index == nodes.size()) {
    asking_.reset();
    return found(
        make_error(errc::connection_failed, "no Sentinel named master '" +
                                                options_.sentinel.master_name +
                                                "': " + failures),
        0);
  }
  auto where = nodes[index].host + ":" + std::to_string(nodes[index].port);
  auto alive = alive_;
  // Each Sentinel gets one connection attempt: a failure moves on to the
  // next rather than waiting for the connection's own reconnect.
  auto next = [this, alive, index, failures, where](const std::string& why) {
    if (!*alive || closed_)
      return;
    loop_.defer([this, alive, index, failures, where, why] {
      if (*alive && !closed_)
        ask(index + 1,
            failures + (failures.empty() ? "" : "; ") + where + ": " + why);
    });
  };
  connection::listener events;
  events.on_state = [next](connection_state s, const error_info* why) {
    if (s == connection_state::disconnected && why)
      next(why->detail);
  };
  asking_ = std::make_unique<connection>(
      std::make_shared<locator>(loop_, sentinel_options(index)),
      connection::mode::commands, std::move(events));
  asking_->open();
  asking_->send(
      {"SENTINEL", "get-master-addr-by-name", options_.sentinel.master_name},
      [this, alive, index, next](result<reply> r) {
        if (!*alive || closed_ || !r)
          return; // a loss moves on through on_state
        if (r->is_error())
          return next("refused: " + r->str);
        if (!r->is_array() || r->elements.size() != 2)
          return next("does not monitor a master by that name");
        auto port = parse_port(r->elements[1].str);
        if (port == 0)
          return next("answered a bad port '" + r->elements[1].str + "'");
        // Not destroyed inside its own callback.
        loop_.defer(
            [done = std::shared_ptr<connection>(std::move(asking_))] {});
        found(address{r->elements[0].str, port}, index);
      });
}

void locator::found(result<address> master, std::size_t sentinel_index) {
  // A Sentinel asked before an announced switch may still name the old
  // master, which stays writable until it is demoted: the switch wins.
  if (master && asked_in_ != switches_ && master_)
    master = *master_;
  if (master) {
    if (last_master_ && *last_master_ != *master)
      moved_to(*master);
    else
      set_master(*master);
    if (!watching_ && rewatch_timer_ == 0)
      watch(sentinel_index);
  } else if (log_ && !std::exchange(unanswered_, true)) {
    // Once per episode: every connection retries through here.
    log_(log_level::warning, master.error().detail);
  }
  if (master)
    unanswered_ = false;
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& w : waiting)
    w(master);
}

void locator::refresh() {
  if (!asking_)
    ask(0, {});
}

// -- watching -----------------------------------------------------------------

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
  events.on_push = [this, alive](reply r) {
    if (*alive && r.is_array() && r.elements.size() == 3 &&
        r.elements[0].str == "message" && r.elements[1].str == switch_channel)
      on_switch(r.elements[2].str);
  };
  watching_ = std::make_unique<connection>(
      std::make_shared<locator>(loop_, sentinel_options(index)),
      connection::mode::pubsub, std::move(events));
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
  auto listeners = listeners_;
  for (auto& [id, moved] : listeners)
    if (listeners_.count(id) != 0)
      moved(master);
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

} // namespace redactor::redis
