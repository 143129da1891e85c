// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <utility>

#include "redactor/header_list.hpp"

/// W3C Trace Context (`traceparent`, `tracestate`) carried across a hop
/// through Redactor, with no tracing library linked: from a message to its
/// replies, and to what its handler publishes while it runs.
namespace redactor::processing::trace_context {

/// Copies `from`'s trace headers into `to`, unless `to` has a traceparent
/// of its own.
void propagate(const header_list& from, header_list& to);

/// While alive, publishes from this thread carry `headers`' trace headers
/// (apply_current); scopes nest.
class scope {
 public:
  explicit scope(const header_list& headers) noexcept;
  ~scope();
  scope(const scope&) = delete;
  scope& operator=(const scope&) = delete;

 private:
  const header_list* previous_;
};

/// Whether this thread is inside a scope.
bool active() noexcept;

/// propagate() from the innermost scope of this thread, if any.
void apply_current(header_list& headers);

/// `callback`, made to run inside this thread's current trace context, if
/// any: what a handler publishes from the callback of its own request or
/// publish (answering later, on another thread) stays in its trace.
template <class Result>
std::function<void(Result)> carried(std::function<void(Result)> callback) {
  if (!active())
    return callback;
  header_list trace;
  apply_current(trace);
  return [trace = std::move(trace), callback = std::move(callback)](Result r) {
    scope in{trace};
    callback(std::move(r));
  };
}

} // namespace redactor::processing::trace_context
