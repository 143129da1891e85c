// SPDX-License-Identifier: MIT
#include "publishing/outbox.hpp"

#include "metrics/error_label.hpp"
#include "metrics/stopwatch.hpp"
#include "publishing/outgoing.hpp"

namespace redactor::detail {

void outbox::publish(const destination& to,
                     std::vector<std::string_view> bodies,
                     const publish_options& options, publish_callback callback,
                     std::shared_ptr<metrics::destination_meter> meter) {
  if (meter) {
    // Counted once the destination answered, with the time it took.
    callback = [cb{std::move(callback)}, meter, n = bodies.size(),
                since = metrics::clock::now()](result<publish_result> r) {
      meter->published(n, metrics::seconds_since(since),
                       r ? std::string{} : metrics::error_label(r.error()));
      if (cb)
        cb(std::move(r));
    };
  }
  std::vector<std::string> frames;
  frames.reserve(bodies.size());
  for (auto body : bodies) {
    auto f = outgoing::frame(body, options);
    if (!f) {
      if (callback)
        callback(f.error());
      return;
    }
    if (max_bytes_ != 0 && f->size() > max_bytes_) {
      if (callback)
        callback(make_error(errc::invalid_argument,
                            "a message of " + std::to_string(f->size()) +
                                " bytes is over max_message_bytes (" +
                                std::to_string(max_bytes_) + ")"));
      return;
    }
    frames.push_back(std::move(*f));
  }
  send(to, std::move(frames), options, std::move(callback));
}

} // namespace redactor::detail
