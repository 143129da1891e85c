// SPDX-License-Identifier: MIT
#include "processing/redis_outbox.hpp"

#include "processing/outgoing.hpp"
#include "redis/commands.hpp"
#include "redis/loop_choice.hpp"

namespace redactor::processing {

redis_outbox::redis_outbox(
    std::vector<std::shared_ptr<redis::command_gateway>> gateways,
    const broker_options& options,
    std::shared_ptr<metrics::engine_metrics> metrics)
    : outbox(options, std::move(metrics)), gateways_(std::move(gateways)) {
  // nop
}

redis::command_gateway& redis_outbox::gateway() const {
  return *gateways_[redis::home_loop(gateways_.size(), [this](std::size_t k) {
    return gateways_[k]->serves_this_thread();
  })];
}

void redis_outbox::send(const destination& to, frame_list frames,
                        const publish_options& options,
                        publish_completion done) {
  if (options.min_replicas > 0)
    return send_durable(to, std::move(frames), options, std::move(done));
  gateway().command_with(
      redis::commands::append(to, std::move(frames)),
      [done{std::move(done)}](result<redis::reply> r) mutable {
        done(outgoing::to_result(std::move(r)));
      });
}

void redis_outbox::send_durable(const destination& to, frame_list frames,
                                const publish_options& options,
                                publish_completion done) {
  auto& gateway = this->gateway();
  auto socket_timeout = gateway.socket_timeout();
  if (socket_timeout.count() > 0 && options.replica_timeout >= socket_timeout) {
    return done(make_error(errc::invalid_argument,
                           "replica_timeout must stay below the connection's "
                           "socket_timeout (" +
                               std::to_string(socket_timeout.count()) +
                               " ms)"));
  }
  auto written = std::make_shared<result<publish_result>>(
      make_error(errc::connection_lost, "no answer to the write"));
  auto on_write = [written](result<redis::reply> r) {
    *written = outgoing::to_result(std::move(r));
  };
  auto on_wait = [written, done{std::move(done)},
                  wanted =
                      options.min_replicas](result<redis::reply> r) mutable {
    if (!*written)
      return done(std::move(*written));
    if (!r)
      return done(
          make_error(errc::connection_lost,
                     "the connection broke between the write and its "
                     "WAIT: the write ran, its replication is unknown"));
    if (r->is_error())
      return done(make_error(errc::refused, "WAIT: " + r->str));
    (*written)->replicas = r->integer;
    if (r->integer < wanted)
      return done(make_error(errc::under_replicated,
                             std::to_string(r->integer) + " of " +
                                 std::to_string(wanted) +
                                 " replicas confirmed the write in time"));
    done(std::move(*written));
  };
  gateway.durable_command(redis::commands::append(to, std::move(frames)),
                          redis::commands::wait_replicas(
                              options.min_replicas, options.replica_timeout),
                          std::move(on_write), std::move(on_wait));
}

} // namespace redactor::processing
