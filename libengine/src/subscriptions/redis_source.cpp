// SPDX-License-Identifier: MIT
#include "subscriptions/redis_source.hpp"

#include "redis/commands.hpp"

namespace redactor::subscriptions {
namespace {

/// Redis's answer as the source reports it.
redis::command_gateway::reply_handler
reporting_to(subscription_source::outcome_fn done) {
  return [done = std::move(done)](result<redis::reply> r) {
    if (!r)
      done(r.error().message());
    else if (r->is_error())
      done(r->str);
    else
      done(std::nullopt);
  };
}

} // namespace

redis_source::redis_source(subscription_spec_ptr spec,
                           std::weak_ptr<redis::reader> reader,
                           redis::io_loop& loop,
                           std::shared_ptr<redis::command_gateway> gateway)
    : spec_(std::move(spec)), reader_(std::move(reader)), loop_(loop),
      gateway_(std::move(gateway)) {
  // nop
}

void redis_source::grant(std::size_t n) {
  if (auto reader = reader_.lock())
    reader->grant(n);
}

void redis_source::stop_reading(std::function<void()> drained) {
  // Posted: the reader stops between loop tasks, not inside the handler of
  // the actor asking.
  loop_.post([weak = reader_, drained = std::move(drained)] {
    if (auto reader = weak.lock())
      reader->stop(drained);
    else
      drained();
  });
}

void redis_source::acknowledge(std::vector<std::string> ids, outcome_fn done) {
  gateway_->command(
      redis::commands::acknowledge(spec_->name, spec_->group, std::move(ids)),
      reporting_to(std::move(done)));
}

void redis_source::give_back(redis::inbound_batch items,
                             std::optional<clock::time_point> deadline,
                             outcome_fn done) {
  auto args = redis::commands::give_back(spec_->name, spec_->pop_from,
                                         std::move(items));
  if (deadline)
    gateway_->command(std::move(args), *deadline,
                      reporting_to(std::move(done)));
  else
    gateway_->command(std::move(args), reporting_to(std::move(done)));
}

} // namespace redactor::subscriptions
