// SPDX-License-Identifier: MIT
#include "redis/channel_reader.hpp"

#include "cluster/key_slot.hpp"

namespace redactor::redis {

channel_reader::channel_reader(locator_ptr where, std::string name, kind k,
                               events ev)
    : reader(std::move(where),
             k == kind::sharded ? route{cluster::key_slot(name), {}} : route{},
             connection::mode::pubsub, std::move(ev), 1),
      name_(std::move(name)), kind_(k) {
  // nop
}

const char* channel_reader::subscribe_command() const noexcept {
  switch (kind_) {
  case kind::pattern:
    return "PSUBSCRIBE";
  case kind::sharded:
    return "SSUBSCRIBE";
  case kind::channel:
    break;
  }
  return "SUBSCRIBE";
}

void channel_reader::on_connected() {
  conn_.send({subscribe_command(), name_}, {});
}

void channel_reader::read(std::size_t) {
  // Never called: report_ready() does not start reads; Redis pushes.
}

void channel_reader::on_push(reply& r) {
  if (stopping_)
    return;
  // The only error a subscriber gets is the answer to its SUBSCRIBE
  // (NOPERM for the channel): refused until the next connect succeeds.
  if (r.is_error())
    return setup_refused(
        std::string{"channel "} + name_ + ": " + subscribe_command(), r);
  if (!r.is_array() || r.elements.size() < 3)
    return;
  auto& kind = r.elements[0].str;
  if (kind == "subscribe" || kind == "psubscribe" || kind == "ssubscribe") {
    report_ready();
    return;
  }
  if (kind == "sunsubscribe") {
    // Redis dropped the subscription: the channel's slot moved. Asking
    // again gets MOVED, which moves the connection to the new owner.
    conn_.send({subscribe_command(), name_}, {});
    return;
  }
  inbound msg;
  if (kind == "message" || kind == "smessage") {
    // The subscribed channel: not copied per message (see inbound).
    msg.payload = std::move(r.elements[2].str);
  } else if (kind == "pmessage" && r.elements.size() == 4) {
    msg.channel = std::move(r.elements[2].str);
    msg.payload = std::move(r.elements[3].str);
  } else {
    return;
  }
  // Everything parsed from one socket read goes over as one batch.
  if (pending_.empty())
    loop_.defer(guarded_task([this] {
      auto batch = std::move(pending_);
      pending_.clear();
      deliver(std::move(batch));
    }));
  pending_.push_back(std::move(msg));
}

} // namespace redactor::redis
