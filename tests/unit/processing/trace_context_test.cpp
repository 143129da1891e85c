// SPDX-License-Identifier: MIT
// Which trace a publish takes on a thread, and which a carried callback
// takes wherever it runs.
#include "processing/trace_context.hpp"

#include <gtest/gtest.h>

using namespace redactor;
namespace trace_context = redactor::processing::trace_context;

namespace {

/// The traceparent a publish made here would carry.
std::string current_parent() {
  header_list h;
  trace_context::apply_current(h);
  auto* v = find_header(h, "traceparent");
  return v ? *v : "none";
}

TEST(trace_context, an_untraced_scope_hides_the_one_outside_it) {
  trace_context::trace traced{"00-outer-01", "s=1"};
  trace_context::scope outer{traced};
  EXPECT_TRUE(trace_context::active());
  EXPECT_EQ(current_parent(), "00-outer-01");
  {
    trace_context::trace none;
    trace_context::scope inner{none};
    EXPECT_FALSE(trace_context::active());
    EXPECT_TRUE(trace_context::inside());
    EXPECT_EQ(current_parent(), "none");
  }
  EXPECT_EQ(current_parent(), "00-outer-01");
}

TEST(trace_context, a_callback_keeps_the_trace_it_was_made_in) {
  std::function<void(int)> from_untraced;
  std::function<void(int)> from_traced;
  std::vector<std::string> seen;
  auto record = [&](int) { seen.push_back(current_parent()); };
  {
    trace_context::trace none;
    trace_context::scope handler{none};
    from_untraced = trace_context::carried<int>(record);
  }
  {
    trace_context::trace traced{"00-mine-01", std::nullopt};
    trace_context::scope handler{traced};
    from_traced = trace_context::carried<int>(record);
  }
  // Both run inside another message's traced scope, as a callback can
  // when replies are handled inline.
  trace_context::trace other{"00-other-01", std::nullopt};
  trace_context::scope elsewhere{other};
  from_untraced(0);
  from_traced(0);
  EXPECT_EQ(seen, (std::vector<std::string>{"none", "00-mine-01"}));
  // An empty callback stays empty.
  EXPECT_FALSE(trace_context::carried<int>({}));
}

} // namespace
