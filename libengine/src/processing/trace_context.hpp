// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "redactor/header_list.hpp"
#include "redactor/message.hpp"

/// W3C Trace Context (`traceparent`, `tracestate`) carried across a hop
/// through Redactor, with no tracing library linked: from a message to its
/// replies, and to what its handler publishes while it runs.
namespace redactor::processing::trace_context {

/// The trace headers of a message, as views into wherever they are.
struct trace {
  std::optional<std::string_view> parent;
  std::optional<std::string_view> state;
};

/// `m`'s trace headers, read in place.
trace of(const message& m);

/// Copies `from` into `to`, unless `to` has a traceparent of its own.
void propagate(const trace& from, header_list& to);

/// While alive, publishes from this thread carry `t` (apply_current);
/// scopes nest, and one without a traceparent hides those outside it.
/// `t` must outlive the scope.
class scope {
 public:
  explicit scope(const trace& t) noexcept;
  explicit scope(const trace&&) = delete;
  ~scope();
  scope(const scope&) = delete;
  scope& operator=(const scope&) = delete;

 private:
  const trace* previous_;
  bool was_inside_;
};

/// Whether this thread is inside a scope with a traceparent.
bool active() noexcept;

/// Whether this thread is inside a scope at all, traced or not.
bool inside() noexcept;

/// propagate() from the innermost scope of this thread, if any.
void apply_current(header_list& headers);

/// A trace that owns its text, for a context that outlives its message.
struct kept_trace {
  std::optional<std::string> parent;
  std::optional<std::string> state;

  trace view() const { return {parent, state}; }
};

/// The innermost scope's trace of this thread, kept; empty outside any.
kept_trace keep_current();

/// `callback`, made to run inside this thread's current trace context, if
/// any: what a handler publishes from the callback of its own request or
/// publish (answering later, on another thread) stays in its trace. From
/// an untraced handler it runs in an untraced scope, which hides whatever
/// trace is current where it runs.
template <class Result>
std::function<void(Result)> carried(std::function<void(Result)> callback) {
  if (!callback || !inside())
    return callback;
  return [kept = keep_current(), callback = std::move(callback)](Result r) {
    auto t = kept.view();
    scope in{t};
    callback(std::move(r));
  };
}

} // namespace redactor::processing::trace_context
