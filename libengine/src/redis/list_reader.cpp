// SPDX-License-Identifier: MIT
#include "redis/list_reader.hpp"

#include <algorithm>

#include "cluster/key_slot.hpp"
#include "redis/timeout_arg.hpp"

namespace redactor::redis {

list_reader::list_reader(locator_ptr where, list_sub sub, events ev,
                         std::size_t credit)
    : reader(std::move(where), route{cluster::key_slot(sub.list), {}},
             connection::mode::commands, std::move(ev), credit),
      sub_(std::move(sub)), timeout_(timeout_arg(sub_.polling_interval)) {
  // nop
}

void list_reader::on_connected() {
  if (!sub_.clear_on_start || cleared_)
    return set_up_done();
  conn_.send({"DEL", sub_.list}, guarded([this](result<reply> r) {
               if (!r)
                 return; // lost: on_connected() runs again after reconnecting
               if (r->is_error())
                 log(log_level::error,
                     "list " + sub_.list + ": DEL at start failed: " + r->str);
               cleared_ = true;
               set_up_done();
             }));
}

void list_reader::read(std::size_t max) {
  auto count = std::to_string(std::min(max, sub_.max_records));
  const char* end = sub_.pop_from == list_end::left ? "LEFT" : "RIGHT";
  conn_.send({"BLMPOP", timeout_, "1", sub_.list, end, "COUNT", count},
             guarded([this](result<reply> r) {
               if (!r)
                 return read_done();
               if (r->is_error())
                 return read_refused("list " + sub_.list + ": BLMPOP", *r);
               // nil on timeout, else [key, [items...]]
               if (r->is_array() && r->elements.size() == 2) {
                 inbound_batch batch;
                 batch.reserve(r->elements[1].elements.size());
                 for (auto& item : r->elements[1].elements)
                   batch.push_back({std::move(item.str), {}, {}});
                 deliver(std::move(batch));
               }
               read_done();
             }));
}

} // namespace redactor::redis
