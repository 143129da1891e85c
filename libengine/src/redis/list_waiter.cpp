// SPDX-License-Identifier: MIT
#include "redis/list_waiter.hpp"

#include <algorithm>
#include <future>
#include <vector>

#include "redis/timeout_arg.hpp"

namespace redactor::redis {
namespace {

/// The resolution of wait deadlines.
constexpr std::chrono::milliseconds sweep_period{10};

/// After a refused BLPOP, before the next round.
constexpr std::chrono::milliseconds error_backoff{100};

/// LPOPs each of KEYS; returns [[key, value, ...], [key, error, ...]]:
/// the lists that had a value, and the keys Redis refused (one made
/// something else than a list fails its own call, not the round).
constexpr std::string_view pop_ready =
    "local popped, refused = {}, {} "
    "for _, key in ipairs(KEYS) do "
    "  local v = redis.pcall('LPOP', key) "
    "  if type(v) == 'table' and v.err then "
    "    refused[#refused + 1] = key; refused[#refused + 1] = v.err "
    "  elseif v then "
    "    popped[#popped + 1] = key; popped[#popped + 1] = v "
    "  end "
    "end "
    "return {popped, refused}";

/// How long one BLPOP blocks: well inside the socket timeout, since an
/// idle blocked connection reads nothing.
std::string block_seconds(const connection_options& options) {
  auto ms = std::chrono::milliseconds{1000};
  if (options.socket_timeout.count() > 0)
    ms = std::min(ms, options.socket_timeout / 2);
  return timeout_arg(ms);
}

} // namespace

list_waiter::list_waiter(locator_ptr where, route to, log_sink log)
    : where_(std::move(where)), route_(std::move(to)), loop_(where_->loop()),
      log_(std::move(log)), block_seconds_(block_seconds(where_->options())) {
  // nop
}

list_waiter::~list_waiter() {
  *alive_ = false;
}

void list_waiter::open() {
  std::lock_guard<std::mutex> guard{mtx_};
  open_ = true;
  loop_.post([self = shared_from_this()] {
    connection::listener events;
    events.on_state = [self = self.get()](connection_state s,
                                          const error_info*) {
      self->on_state(s);
    };
    self->blocking_ = std::make_unique<connection>(
        self->where_, self->route_, connection::mode::commands, events,
        self->blocking_stats_);
    // CLIENT UNBLOCK must reach the node the BLPOP blocks on.
    self->control_ = std::make_unique<connection>(
        self->where_, self->route_, connection::mode::commands,
        connection::listener{}, self->control_stats_);
    self->blocking_->open();
    self->control_->open();
  });
}

void list_waiter::close() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (!open_)
      return;
    open_ = false;
  }
  // The connections live on the loop thread, which may be gone once the
  // broker is: they close now.
  std::promise<void> closed;
  loop_.post([this, &closed] {
    auto pending = std::move(waiting_);
    waiting_.clear();
    deadlines_.clear();
    blocking_->close();
    control_->close();
    blocking_.reset();
    control_.reset();
    for (auto& [key, w] : pending)
      w.cb(make_error(errc::not_running, "it was stopped"));
    closed.set_value();
  });
  closed.get_future().wait();
}

void list_waiter::wait(std::string key, clock::time_point deadline,
                       callback cb) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (!open_) {
    cb(make_error(errc::not_running, "it was stopped"));
    return;
  }
  loop_.post([self = shared_from_this(), key = std::move(key), deadline,
              cb = std::move(cb)]() mutable {
    self->add(std::move(key), deadline, std::move(cb));
  });
}

void list_waiter::fail(std::string key, error_info why) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (open_)
    loop_.post([self = shared_from_this(), key = std::move(key),
                why = std::move(why)]() mutable {
      self->finish(key, std::move(why));
    });
}

void list_waiter::add(std::string key, clock::time_point deadline,
                      callback cb) {
  deadlines_.emplace(deadline, key);
  waiting_[std::move(key)] = waiting{std::move(cb), deadline};
  arm_sweep();
  if (!blocked_)
    return issue();
  // The BLPOP in flight does not name the new list: cut it short.
  if (!unblock_sent_ && !client_id_.empty()) {
    unblock_sent_ = true;
    control_->send({"CLIENT", "UNBLOCK", client_id_}, {});
  }
}

void list_waiter::on_state(connection_state s) {
  ready_ = s == connection_state::ready;
  if (!ready_)
    return;
  // A new connection, a new id; its BLPOP goes out after this.
  client_id_.clear();
  blocking_->send({"CLIENT", "ID"}, guarded([this](result<reply> r) {
                    if (r && r->type == reply::kind::integer)
                      client_id_ = std::to_string(r->integer);
                  }));
  issue();
}

void list_waiter::issue() {
  if (!ready_ || busy_ || waiting_.empty())
    return;
  auto numkeys = std::to_string(waiting_.size());
  std::vector<std::string_view> args;
  args.reserve(waiting_.size() + 3);
  args.emplace_back("EVAL");
  args.emplace_back(pop_ready);
  args.emplace_back(numkeys);
  for (auto& entry : waiting_)
    args.emplace_back(entry.first);
  busy_ = true;
  blocking_->send(args, guarded([this](result<reply> r) {
                    busy_ = false;
                    if (!r)
                      return; // lost: issued again once ready
                    if (r->is_error()) {
                      // Scripts refused (ACL): BLPOP alone still works,
                      // one value per round.
                      if (log_ && !pop_refused_logged_)
                        log_(log_level::error,
                             "RPC response lists: popping failed, waiting "
                             "with BLPOP alone: " +
                                 r->str);
                      pop_refused_logged_ = true;
                      return block();
                    }
                    if (!r->is_array() || r->elements.size() != 2)
                      return block();
                    auto& popped = r->elements[0].elements;
                    auto& refused = r->elements[1].elements;
                    for (std::size_t i = 0; i + 1 < popped.size(); i += 2)
                      finish(popped[i].str, std::move(popped[i + 1].str));
                    for (std::size_t i = 0; i + 1 < refused.size(); i += 2)
                      finish(refused[i].str,
                             make_error(errc::refused, refused[i].str + ": " +
                                                           refused[i + 1].str));
                    // Values came: more may have meanwhile; else wait.
                    popped.empty() && refused.empty() ? block() : issue();
                  }));
}

void list_waiter::block() {
  if (!ready_ || busy_ || waiting_.empty())
    return;
  std::vector<std::string_view> args;
  args.reserve(waiting_.size() + 2);
  args.emplace_back("BLPOP");
  for (auto& entry : waiting_)
    args.emplace_back(entry.first);
  args.emplace_back(block_seconds_);
  busy_ = true;
  blocked_ = true;
  unblock_sent_ = false;
  blocking_->send(args, guarded([this](result<reply> r) {
                    busy_ = false;
                    blocked_ = false;
                    if (!r)
                      return; // lost: issued again once ready
                    if (r->is_error()) {
                      if (log_)
                        log_(log_level::error,
                             "RPC response lists: BLPOP failed: " + r->str);
                      // Not at once again: the next round would fail alike.
                      loop_.add_timer(error_backoff, [this, alive = alive_] {
                        if (*alive)
                          issue();
                      });
                      return;
                    }
                    // nil on timeout or CLIENT UNBLOCK, else [key, value]
                    if (r->is_array() && r->elements.size() == 2)
                      finish(r->elements[0].str, std::move(r->elements[1].str));
                    issue();
                  }));
}

void list_waiter::sweep() {
  sweeping_ = false;
  auto now = clock::now();
  std::vector<std::string> expired;
  for (auto i = deadlines_.begin(); i != deadlines_.end() && i->first <= now;
       i = deadlines_.erase(i))
    expired.push_back(std::move(i->second));
  for (auto& key : expired)
    finish(key, make_error(errc::timeout, "no response on " + key));
  arm_sweep();
}

void list_waiter::arm_sweep() {
  if (sweeping_ || waiting_.empty())
    return;
  sweeping_ = true;
  loop_.add_timer(sweep_period, [this, alive = alive_] {
    if (*alive)
      sweep();
  });
}

void list_waiter::finish(const std::string& key, result<std::string> outcome) {
  auto i = waiting_.find(key);
  if (i == waiting_.end())
    return; // a response after its deadline: dropped
  auto cb = std::move(i->second.cb);
  // Its deadline entry goes too (a swept one is gone already).
  auto [first, last] = deadlines_.equal_range(i->second.deadline);
  for (auto d = first; d != last; ++d)
    if (d->second == key) {
      deadlines_.erase(d);
      break;
    }
  waiting_.erase(i);
  cb(std::move(outcome));
}

connection::reply_handler list_waiter::guarded(connection::reply_handler h) {
  return [alive = alive_, h = std::move(h)](result<reply> r) {
    if (*alive)
      h(std::move(r));
  };
}

} // namespace redactor::redis
