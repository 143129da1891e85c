// SPDX-License-Identifier: MIT
#include "processing/trace_context.hpp"

#include "redactor/codec/wire_headers.hpp"

namespace redactor::processing::trace_context {
namespace {

using wire_headers::traceparent;
using wire_headers::tracestate;

/// The innermost scope's trace; nullptr outside any, or when it has no
/// traceparent.
thread_local const trace* current = nullptr;
thread_local bool inside_scope = false;

} // namespace

trace of(const message& m) {
  return {m.header(traceparent), m.header(tracestate)};
}

void propagate(const trace& from, header_list& to) {
  if (!from.parent || find_header(to, traceparent) != nullptr)
    return;
  set_header(to, traceparent, *from.parent);
  if (from.state)
    set_header(to, tracestate, *from.state);
}

scope::scope(const trace& t) noexcept
    : previous_(current), was_inside_(inside_scope) {
  current = t.parent ? &t : nullptr;
  inside_scope = true;
}

scope::~scope() {
  current = previous_;
  inside_scope = was_inside_;
}

bool active() noexcept {
  return current != nullptr;
}

bool inside() noexcept {
  return inside_scope;
}

void apply_current(header_list& headers) {
  if (current != nullptr)
    propagate(*current, headers);
}

kept_trace keep_current() {
  kept_trace out;
  if (current == nullptr)
    return out;
  if (current->parent)
    out.parent.emplace(*current->parent);
  if (current->state)
    out.state.emplace(*current->state);
  return out;
}

} // namespace redactor::processing::trace_context
