// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "redactor/responder.hpp"

namespace redactor::processing {

/// What stands behind a responder: one message waiting for its handler's
/// answer, settled by whoever answers first (the responder, or the engine
/// when the handler threw), or as a failure when the last responder goes
/// unanswered.
class pending_reply {
 public:
  /// The answer: a response or nothing, or the failure's text.
  using settle_fn = std::function<void(std::optional<response>,
                                       std::optional<std::string> failure)>;

  explicit pending_reply(settle_fn settle) : settle_(std::move(settle)) {}
  ~pending_reply();

  pending_reply(const pending_reply&) = delete;
  pending_reply& operator=(const pending_reply&) = delete;

  static responder handle(std::shared_ptr<pending_reply> state) {
    return responder{std::move(state)};
  }

  /// Takes the right to answer; true only for the first caller.
  bool claim() noexcept { return !answered_.exchange(true); }

  /// Settles with this answer unless one came first.
  void answer(std::optional<response> r, std::optional<std::string> failure);

  bool answered() const noexcept { return answered_.load(); }

 private:
  std::atomic<bool> answered_{false};
  settle_fn settle_;
};

} // namespace redactor::processing
