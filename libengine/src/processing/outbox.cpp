// SPDX-License-Identifier: MIT
#include "processing/outbox.hpp"

#include <atomic>
#include <optional>

#include "processing/outgoing.hpp"
#include "processing/trace_context.hpp"

namespace redactor::processing {

void outbox::publish(const destination& to, const body_list& bodies,
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
  publish_completion done{std::move(callback), std::move(meter), bodies.size()};
  frame_list frames;
  frames.reserve(bodies.size());
  for (auto body : bodies) {
    auto f = outgoing::frame(body, options);
    if (!f)
      return done(f.error());
    if (max_bytes_ != 0 && f->size() > max_bytes_)
      return done(make_error(errc::invalid_argument,
                             "a message of " + std::to_string(f->size()) +
                                 " bytes is over max_message_bytes (" +
                                 std::to_string(max_bytes_) + ")"));
    frames.push_back(std::move(*f));
  }
  if (to.type == destination::kind::stream && frames.size() > 1)
    return send_entries(to, std::move(frames), options, std::move(done));
  send(to, std::move(frames), options, std::move(done));
}

void outbox::send_entries(const destination& to, frame_list frames,
                          const publish_options& options,
                          publish_completion done) {
  // Each XADD answers on the engine's thread, or the test broker's caller:
  // every answer fills its own slot, and the last one in reports.
  struct joined {
    joined(std::size_t n, publish_completion all_in)
        : answers(n, make_error(errc::connection_lost, "no answer")), left(n),
          done(std::move(all_in)) {}
    std::vector<result<publish_result>> answers;
    std::atomic<std::size_t> left;
    publish_completion done;
  };
  auto n = frames.size();
  auto join = std::make_shared<joined>(n, std::move(done));
  for (std::size_t i = 0; i < n; ++i) {
    publish_callback entry_done = [join, i](result<publish_result> r) {
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
          return join->done(std::move(err));
        }
        all.entry_ids.push_back(answer->entry_id);
        all.replicas = answer->replicas;
      }
      all.entry_id = all.entry_ids.back();
      join->done(std::move(all));
    };
    frame_list one;
    one.push_back(std::move(frames[i]));
    send(to, std::move(one), options, std::move(entry_done));
  }
}

} // namespace redactor::processing
