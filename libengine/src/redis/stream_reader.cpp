// SPDX-License-Identifier: MIT
#include "redis/stream_reader.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "cluster/key_slot.hpp"
#include "redis/commands.hpp"

namespace redactor::redis {
namespace {

/// The payload of one entry's field list: the __data__ value, or, for
/// entries written by other producers, the fields as a JSON object (as
/// FastStream does).
std::string entry_payload(reply& fields) {
  auto& f = fields.elements;
  for (std::size_t i = 0; i + 1 < f.size(); i += 2)
    if (f[i].str == commands::stream_data_field)
      return std::move(f[i + 1].str);
  boost::json::object obj;
  for (std::size_t i = 0; i + 1 < f.size(); i += 2)
    obj[f[i].str] = f[i + 1].str;
  return boost::json::serialize(obj);
}

/// Appends [[id, [fields...]], ...] to `out`; deleted entries (nil fields)
/// are skipped. Returns the last id seen, deleted ones included.
std::string append_entries(reply& entries, inbound_batch& out) {
  std::string last;
  for (auto& e : entries.elements) {
    if (!e.is_array() || e.elements.size() != 2)
      continue;
    last = e.elements[0].str;
    if (!e.elements[1].is_array())
      continue;
    out.push_back({entry_payload(e.elements[1]), last, {}});
  }
  return last;
}

} // namespace

stream_reader::stream_reader(locator_ptr where, stream_sub sub, events ev,
                             std::size_t credit)
    : reader(where, route{cluster::key_slot(sub.stream), {}},
             connection::mode::commands, std::move(ev), credit),
      sub_(std::move(sub)),
      block_ms_(std::to_string(sub_.polling_interval.count())) {
  // The move to the dead-letter stream is one script, so on a cluster both
  // streams must share a slot: the default name takes the stream's hash
  // tag (an explicit one is checked at subscribe).
  if (sub_.dead_letter_stream.empty())
    sub_.dead_letter_stream =
        where->via_cluster() && cluster::hash_tag(sub_.stream) == sub_.stream
            ? "{" + sub_.stream + "}:dead-letter"
            : sub_.stream + ":dead-letter";
  last_id_ = sub_.last_id.empty() ? "$" : sub_.last_id;
}

void stream_reader::on_connected() {
  if (sub_.has_group()) {
    // A reply lost with the old connection may have handed entries to this
    // consumer that it never saw: its own pending entries come first, after
    // every connect.
    cursor_ = "0";
    create_group(sub_.last_id.empty() ? "$" : sub_.last_id, false);
  } else if (last_id_ == "$")
    resolve_last_id();
  else
    set_up_done();
}

void stream_reader::create_group(const std::string& start_id, bool then_read) {
  conn_.send(
      {"XGROUP", "CREATE", sub_.stream, sub_.group, start_id, "MKSTREAM"},
      guarded([this, then_read](result<reply> r) {
        if (!r) {
          if (then_read)
            read_done();
          return; // the connection broke; on_connected runs again
        }
        if (r->is_error() && !r->is_error("BUSYGROUP")) {
          // Not a lost group (OOM, NOPERM, WRONGTYPE): nothing to read
          // until Redis lets the group be made.
          auto what = "stream " + sub_.stream + ": XGROUP CREATE";
          return then_read ? read_refused(what, *r) : setup_refused(what, *r);
        }
        if (then_read)
          read_done();
        else
          set_up_done();
      }));
}

void stream_reader::resolve_last_id() {
  // "$" would skip entries added between two XREADs; pin it to the id of
  // the newest entry instead.
  conn_.send({"XREVRANGE", sub_.stream, "+", "-", "COUNT", "1"},
             guarded([this](result<reply> r) {
               if (!r)
                 return;
               last_id_ = "0-0";
               if (r->is_array() && !r->elements.empty() &&
                   r->elements[0].is_array() &&
                   !r->elements[0].elements.empty())
                 last_id_ = r->elements[0].elements[0].str;
               set_up_done();
             }));
}

void stream_reader::read(std::size_t max) {
  max = std::min(max, sub_.max_records);
  if (!sub_.has_group())
    read_plain(max);
  else if (sub_.min_idle_time.count() > 0 && clock::now() >= next_claim_)
    claim(max);
  else
    read_group(max);
}

bool stream_reader::read_failed(const result<reply>& r, const char* command) {
  if (!r) {
    read_done(); // the connection broke; reading resumes once it is back
    return true;
  }
  return on_error_reply(*r, command);
}

bool stream_reader::on_error_reply(const reply& r, const char* command) {
  if (!r.is_error())
    return false;
  if (r.is_error("NOGROUP")) {
    // The group (or the whole stream) is gone: Redis restarted without
    // data, or someone deleted it. Everything in the stream now is new to
    // the group, so start it from the beginning.
    if (!refused()) // else Redis refuses to make it again: said already
      log(log_level::warning, "stream " + sub_.stream + ": group " +
                                  sub_.group + " is gone; creating it again");
    cursor_ = ">";
    create_group("0", true);
    return true;
  }
  if (r.is_error("UNBLOCKED")) {
    // The stream was deleted under a blocked read; the next read finds out
    // whether the group went with it.
    read_done();
    return true;
  }
  read_refused("stream " + sub_.stream + ": " + command, r);
  return true;
}

void stream_reader::read_plain(std::size_t max) {
  conn_.send({"XREAD", "COUNT", std::to_string(max), "BLOCK", block_ms_,
              "STREAMS", sub_.stream, last_id_},
             guarded([this](result<reply> r) {
               if (read_failed(r, "XREAD"))
                 return;
               inbound_batch batch;
               if (r->is_array() && !r->elements.empty() &&
                   r->elements[0].elements.size() == 2) {
                 auto last = append_entries(r->elements[0].elements[1], batch);
                 if (!last.empty())
                   last_id_ = std::move(last);
               }
               deliver(std::move(batch));
               read_done();
             }));
}

void stream_reader::read_group(std::size_t max) {
  std::vector<std::string_view> args{"XREADGROUP", "GROUP", sub_.group,
                                     sub_.consumer, "COUNT"};
  auto count = std::to_string(max);
  args.push_back(count);
  args.push_back("BLOCK");
  args.push_back(block_ms_);
  if (sub_.no_ack)
    args.push_back("NOACK");
  args.push_back("STREAMS");
  args.push_back(sub_.stream);
  args.push_back(cursor_);
  conn_.send(args, guarded([this](result<reply> r) {
               if (read_failed(r, "XREADGROUP"))
                 return;
               inbound_batch batch;
               std::string last;
               if (r->is_array() && !r->elements.empty() &&
                   r->elements[0].elements.size() == 2)
                 last = append_entries(r->elements[0].elements[1], batch);
               if (cursor_ != ">")
                 cursor_ = last.empty() ? ">" : last;
               deliver_checked(std::move(batch));
               read_done();
             }));
}

void stream_reader::claim(std::size_t max) {
  conn_.send({"XAUTOCLAIM", sub_.stream, sub_.group, sub_.consumer,
              std::to_string(sub_.min_idle_time.count()), claim_cursor_,
              "COUNT", std::to_string(max)},
             guarded([this](result<reply> r) {
               if (read_failed(r, "XAUTOCLAIM"))
                 return;
               inbound_batch batch;
               // [next cursor, [entries...], [deleted ids...]]
               if (r->is_array() && r->elements.size() >= 2) {
                 claim_cursor_ = r->elements[0].str;
                 append_entries(r->elements[1], batch);
               }
               if (claim_cursor_ == "0-0" || claim_cursor_.empty()) {
                 claim_cursor_ = "0-0";
                 next_claim_ =
                     clock::now() +
                     std::max<std::chrono::milliseconds>(
                         sub_.polling_interval, sub_.min_idle_time / 2);
               }
               deliver_checked(std::move(batch));
               read_done();
             }));
}

void stream_reader::deliver_checked(inbound_batch batch) {
  if (sub_.max_deliveries == 0 || batch.empty())
    return deliver(std::move(batch));
  // Re-read or claimed entries: ask for their delivery counts first.
  auto first = batch.front().id;
  auto last = batch.back().id;
  auto count = std::to_string(batch.size());
  auto held = std::make_shared<inbound_batch>(std::move(batch));
  conn_.send(
      {"XPENDING", sub_.stream, sub_.group, first, last, count, sub_.consumer},
      guarded([this, held](result<reply> r) {
        std::unordered_map<std::string, long long> counts;
        if (r && r->is_array())
          for (auto& p : r->elements)
            if (p.is_array() && p.elements.size() == 4)
              counts[p.elements[0].str] = p.elements[3].integer;
        bool known = r && r->is_array();
        inbound_batch keep;
        for (auto& e : *held) {
          auto i = counts.find(e.id);
          if (i == counts.end()) {
            // No longer pending here (acked meanwhile); if XPENDING failed,
            // handling it again beats losing it.
            if (!known)
              keep.push_back(std::move(e));
          } else if (i->second > static_cast<long long>(sub_.max_deliveries)) {
            dead_letter(std::move(e), i->second);
          } else {
            keep.push_back(std::move(e));
          }
        }
        if (!stopping_)
          deliver(std::move(keep));
      }));
}

void stream_reader::dead_letter(inbound entry, long long deliveries) {
  log(log_level::warning, "stream " + sub_.stream + ": moving entry " +
                              entry.id + " to " + sub_.dead_letter_stream +
                              " after " + std::to_string(deliveries) +
                              " deliveries");
  // The entry is copied as Redis holds it, field for field, whatever its
  // payload (nothing to re-encode, so nothing that can fail to encode),
  // with the reason in fields beside it. One script, so the entry is acked
  // only if the XADD succeeded (a failed redis.call ends it), and both run
  // before this reader's next read. An entry deleted meanwhile is acked.
  static constexpr std::string_view move_script =
      "local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2]) "
      "if #entry == 1 then "
      "  local fields = entry[1][2] "
      "  for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end "
      "  redis.call('XADD', KEYS[2], '*', unpack(fields)) "
      "end "
      "redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) "
      "return #entry";
  conn_.send({"EVAL", move_script, "2", sub_.stream, sub_.dead_letter_stream,
              sub_.group, entry.id, "x-dead-letter-reason",
              "delivered " + std::to_string(deliveries) +
                  " times, more than max_deliveries " +
                  std::to_string(sub_.max_deliveries),
              "x-original-stream", sub_.stream, "x-original-group", sub_.group,
              "x-original-id", entry.id},
             guarded([this, id = entry.id](result<reply> r) {
               if (r && r->type == reply::kind::integer && r->integer == 1) {
                 if (reported().on_dead_lettered)
                   reported().on_dead_lettered();
                 return;
               }
               if (r && r->type == reply::kind::integer)
                 return log(log_level::warning,
                            "stream " + sub_.stream + ": entry " + id +
                                " was deleted before it could be "
                                "dead-lettered; acknowledged");
               log(log_level::error, "stream " + sub_.stream +
                                         ": dead-lettering " + id +
                                         " failed; it stays pending: " +
                                         (r ? r->str : r.error().message()));
             }));
}

} // namespace redactor::redis
