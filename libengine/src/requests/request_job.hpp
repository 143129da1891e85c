// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "redactor/message.hpp"
#include "redactor/result.hpp"

namespace redactor::requests {

using reply_callback = std::function<void(result<message>)>;

/// One request as its pending table holds it, from registration to its
/// end: how it is sent and who hears how it ended. Everything a request
/// carries lives in the one object, where a function wrapped per step
/// cost an allocation each.
///
/// send() runs at most once (when its owner takes it unsent from the
/// table), finish() at most once, never both at once; a request the table
/// accepted is finished exactly once.
class request_job {
 public:
  request_job() = default;
  virtual ~request_job() = default;

  request_job(const request_job&) = delete;
  request_job& operator=(const request_job&) = delete;

  /// Names the request in the errors its caller sees.
  virtual const std::string& correlation_id() const noexcept = 0;

  /// Publishes the request with its reply_to set to `reply_to`, the name
  /// of the reply channel the table knows by number as `channel`.
  virtual void send(std::uint64_t channel, std::string reply_to) = 0;

  /// Tells the caller how the request ended.
  virtual void finish(result<message> outcome) = 0;
};

/// Shared, since it travels in an actor message, which CAF may copy.
using request_job_ptr = std::shared_ptr<request_job>;

/// A job that only reports its end to `callback`; its owner publishes the
/// request itself (the test broker, the table's own tests).
request_job_ptr callback_job(std::string correlation_id,
                             reply_callback callback);

} // namespace redactor::requests
