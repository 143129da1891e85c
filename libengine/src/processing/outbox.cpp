// SPDX-License-Identifier: MIT
#include "processing/outbox.hpp"

#include <atomic>
#include <optional>

#include "metrics/error_label.hpp"
#include "metrics/stopwatch.hpp"
#include "processing/outgoing.hpp"
#include "processing/trace_context.hpp"

namespace redactor::processing {

void outbox::publish(const destination& to,
                     std::vector<std::string_view> bodies,
                     const publish_options& given, publish_callback callback,
                     std::shared_ptr<metrics::destination_meter> meter) {
  // Copied only when something is added: the common publish pays nothing.
  std::optional<publish_options> adjusted;
  if (trace_context::active() || !middleware_.empty()) {
    adjusted = given;
    trace_context::apply_current(adjusted->headers);
    middleware_.before_publish(to, *adjusted);
  }
  const auto& options = adjusted ? *adjusted : given;
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
  if (to.type == destination::kind::stream && frames.size() > 1)
    return send_entries(to, std::move(frames), options, std::move(callback));
  send(to, std::move(frames), options, std::move(callback));
}

void outbox::send_entries(const destination& to,
                          std::vector<std::string> frames,
                          const publish_options& options,
                          publish_callback callback) {
  // Each XADD answers on the engine's thread, or the test broker's caller:
  // every answer fills its own slot, and the last one in reports.
  struct joined {
    joined(std::size_t n, publish_callback cb)
        : answers(n, make_error(errc::connection_lost, "no answer")), left(n),
          callback(std::move(cb)) {}
    std::vector<result<publish_result>> answers;
    std::atomic<std::size_t> left;
    publish_callback callback;
  };
  auto n = frames.size();
  auto join = std::make_shared<joined>(n, std::move(callback));
  for (std::size_t i = 0; i < n; ++i) {
    send(to, {std::move(frames[i])}, options,
         [join, i](result<publish_result> r) {
           join->answers[i] = std::move(r);
           if (join->left.fetch_sub(1, std::memory_order_acq_rel) != 1)
             return;
           publish_result all;
           for (std::size_t k = 0; k < join->answers.size(); ++k) {
             auto& answer = join->answers[k];
             if (!answer) {
               auto err = answer.error();
               err.detail += " (entry " + std::to_string(k + 1) + " of " +
                             std::to_string(join->answers.size()) + "; " +
                             std::to_string(all.entry_ids.size()) +
                             " went in before it)";
               if (join->callback)
                 join->callback(std::move(err));
               return;
             }
             all.entry_ids.push_back(answer->entry_id);
             all.replicas = answer->replicas;
           }
           all.entry_id = all.entry_ids.back();
           if (join->callback)
             join->callback(std::move(all));
         });
  }
}

} // namespace redactor::processing
