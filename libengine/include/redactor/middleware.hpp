// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "redactor/destination.hpp"
#include "redactor/message.hpp"
#include "redactor/publish_options.hpp"

namespace redactor {

/// How one handler call ended, for middleware::after_handle.
struct handling_outcome {
  /// What the handler threw; empty when it returned.
  std::optional<std::string> failure;
  /// The failure's kind, as metrics label it: Redactor's errc name for a
  /// redactor::error ("invalid_json"), else the exception's type
  /// ("std::domain_error"), "unknown" for one not derived from
  /// std::exception; empty when it returned.
  std::string failure_type;
  /// How long the call took.
  std::chrono::nanoseconds duration{};
  /// A batch handler's call runs after_handle for each of its
  /// `batch_size` messages, numbered by `batch_index`; a single message's
  /// call is a batch of one.
  std::size_t batch_size = 1;
  std::size_t batch_index = 0;
};

/// Hooks around handling and publishing, for tracing, auditing or logging
/// without forking Redactor (FastStream's middlewares). Give them in
/// broker_options::middleware; before_handle and before_publish run in
/// that order, after_handle in reverse.
///
/// Threading: before_handle and after_handle run on the thread that runs
/// the handler, right around it, so thread-local state set in one is seen
/// by the other and by what the handler publishes. A batch handler's call
/// runs them for each message of the batch. A deferred handler's call ends
/// when it returns, not when its responder answers. before_publish runs on
/// the publishing thread for every message the broker sends: publishes,
/// requests, replies and publish_to. Hooks run concurrently on many
/// threads, must be thread-safe and short, and must not throw (an
/// exception is logged and ignored).
///
/// Redactor's own handler metrics (in-process gauge, duration histogram,
/// exceptions by type) are a middleware of this kind, first in every
/// subscription's chain.
///
/// Redactor itself propagates W3C Trace Context (`traceparent`,
/// `tracestate`) from a message to its replies and publish_to, to what
/// its handler publishes on that thread, and to what is published from
/// the callbacks of the requests and publishes it made (a handler that
/// answers later), before any middleware runs; a publish that sets its own
/// `traceparent` keeps it.
class middleware {
 public:
  virtual ~middleware() = default;

  virtual void before_handle(const message& m);
  virtual void after_handle(const message& m, const handling_outcome& o);
  /// May change `options` (add headers, say) before the frame is encoded.
  virtual void before_publish(const destination& to, publish_options& options);
};

using middleware_list = std::vector<std::shared_ptr<middleware>>;

} // namespace redactor
