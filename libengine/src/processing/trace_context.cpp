// SPDX-License-Identifier: MIT
#include "processing/trace_context.hpp"

#include <string_view>

namespace redactor::processing::trace_context {
namespace {

constexpr std::string_view traceparent = "traceparent";
constexpr std::string_view tracestate = "tracestate";

thread_local const header_list* current = nullptr;

} // namespace

void propagate(const header_list& from, header_list& to) {
  const auto* parent = find_header(from, traceparent);
  if (parent == nullptr || find_header(to, traceparent) != nullptr)
    return;
  set_header(to, traceparent, *parent);
  if (const auto* state = find_header(from, tracestate))
    set_header(to, tracestate, *state);
}

scope::scope(const header_list& headers) noexcept : previous_(current) {
  current = &headers;
}

scope::~scope() {
  current = previous_;
}

bool active() noexcept {
  return current != nullptr;
}

void apply_current(header_list& headers) {
  if (current != nullptr)
    propagate(*current, headers);
}

} // namespace redactor::processing::trace_context
