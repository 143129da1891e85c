// SPDX-License-Identifier: MIT
#include "engine/shard.hpp"

#include "execution/loop_coordinator.hpp"
#include "processing/redis_outbox.hpp"

namespace redactor::engine {
namespace {

/// Messages an actor handles per resume before the others get their turn.
constexpr std::size_t actor_throughput = 16;

} // namespace

shard::shard(std::size_t index, const runtime& shared,
             std::shared_ptr<requests::request_stats> stats)
    : index_(index), loop_(std::make_unique<redis::io_loop>()), rt_(shared) {
  // Every actor of the shard runs on its loop: no thread hop between a
  // socket and an actor, and none of CAF's worker threads.
  config_.module_factories.push_back(
      [loop =
           loop_.get()](caf::actor_system& sys) -> caf::actor_system::module* {
        return new execution::loop_coordinator(sys, *loop);
      });
  config_.set("scheduler.max-throughput", actor_throughput);
  system_ = std::make_unique<caf::actor_system>(config_);
  rt_.system = system_.get();
  rt_.loop = loop_.get();
  rt_.locator = std::make_shared<redis::locator>(
      *loop_, rt_.options->connection, rt_.log);
  rt_.gateway =
      std::make_shared<redis::command_gateway>(rt_.locator, *rt_.options);
  rt_.outbox = std::make_shared<processing::redis_outbox>(
      std::vector<std::shared_ptr<redis::command_gateway>>{rt_.gateway},
      *rt_.options, rt_.metrics);
  requester_ = std::make_unique<requests::requester>(
      requests::requester::parts{system_.get(), loop_.get(), rt_.locator,
                                 rt_.outbox, rt_.metrics.get(), rt_.log,
                                 rt_.options->max_pending_requests},
      std::move(stats));
}

shard::~shard() {
  // The loop's tasks may hold actor handles: it stops while the actor
  // system is still there.
  loop_->stop();
  system_.reset();
}

std::string shard::label(const std::string& name) const {
  return index_ == 0 ? name : name + "#" + std::to_string(index_);
}

void shard::await_actors() {
  system_->await_all_actors_done();
}

} // namespace redactor::engine
