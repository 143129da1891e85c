// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>

#include "redactor/response.hpp"

namespace redactor {

namespace processing {
class pending_reply;
} // namespace processing

/// A handler's answer, given after the handler returned: a handler taking
/// `(const message&, responder)` may finish its work in a callback (the
/// completion of its own request() to another service, a timer, another
/// thread) and answer from there.
///
/// The message is handled, for replies, `publish_to`, metrics, counts and
/// the ack policy, when respond() or fail() is first called; later calls do
/// nothing. A responder whose last copy is destroyed unanswered fails the
/// message ("dropped without an answer"), so a requester is never left to
/// its timeout by a lost callback.
///
/// Ordering and flow: handlers are still called in read order, one after
/// the other per worker; the answers may come in any order. A read's
/// entries are acknowledged, and the subscription reads further, once all
/// their answers are in; stop() waits for them up to graceful_timeout.
///
/// Threading: copyable, and every member is thread-safe.
class responder {
 public:
  /// Answers with `r`, as if the handler had returned it.
  void respond(response r) const;

  /// Fails the message with `why`, as if the handler had thrown: logged,
  /// an error reply to a requester, settled by the ack policy.
  void fail(std::string why) const;

  /// Whether respond() or fail() was called.
  bool answered() const noexcept;

 private:
  friend class processing::pending_reply;

  explicit responder(std::shared_ptr<processing::pending_reply> state)
      : state_(std::move(state)) {}

  std::shared_ptr<processing::pending_reply> state_;
};

} // namespace redactor
