// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>

#include <caf/scoped_actor.hpp>

#include "engine/runtime.hpp"
#include "redis/reader.hpp"
#include "redis/reader_status.hpp"
#include "subscriptions/subscription_actor.hpp"
#include "subscriptions/subscription_handle.hpp"
#include "subscriptions/subscription_spec.hpp"

namespace redactor::subscriptions {

/// One subscription's parts: its reader on the I/O loop and its actor with
/// the workers. Started and stopped by the broker or through a
/// subscription_token; thread-safe.
class subscription final : public subscription_handle,
                           public std::enable_shared_from_this<subscription> {
 public:
  using reader_factory = std::function<std::shared_ptr<redis::reader>(
      const engine::runtime&, redis::reader::events)>;

  subscription(subscription_spec_ptr spec, reader_factory make_reader);

  /// Spawns the actor and connects the reader. The future says when it is
  /// reading, or holds the first connection error.
  std::future<std::optional<error_info>> start(const engine::runtime& rt);

  /// Asks the actor to stop (graceful, see broker::stop); it answers
  /// `self` with stop_atom once done. False when there is nothing to stop.
  bool begin_stop(caf::scoped_actor& self);

  /// After the stop_atom answer: closes the reader.
  void finish_stop();

  /// A whole graceful stop of just this subscription.
  void stop() override;

  /// Connected and reading.
  bool active() const override;
  /// Empty while reading; otherwise what keeps it from reading.
  std::string problem() const { return status_->problem(); }
  bool stopped() const override { return stopping_.load(); }
  /// Stopped and closed: nothing of it is left to finish, by the broker
  /// or by a thread still inside stop().
  bool finished() const;
  void stop_taking() override { taking_stopped_->store(true); }

  const subscription_spec& spec() const noexcept override { return *spec_; }

 private:
  subscription_spec_ptr spec_;
  reader_factory make_reader_;
  mutable std::mutex mtx_;
  engine::runtime rt_;
  std::shared_ptr<redis::reader> reader_;
  subscription_actor_handle actor_;
  std::atomic<bool> stopping_{false};
  /// The actor's: once set, its workers begin no further item.
  std::shared_ptr<std::atomic<bool>> taking_stopped_ =
      std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<redis::reader_status> status_ =
      std::make_shared<redis::reader_status>();
};

} // namespace redactor::subscriptions
