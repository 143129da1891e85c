// SPDX-License-Identifier: MIT
// A publish's completion: counted on its destination's meter, then
// reported to the publisher's callback, whatever the outcome.
#include "processing/publish_completion.hpp"

#include <gtest/gtest.h>

#include "metrics/engine_metrics.hpp"
#include "redactor/metrics_options.hpp"

using namespace redactor;
using redactor::processing::publish_completion;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST(publish_completion, counts_what_was_published_then_calls_back) {
  metrics::engine_metrics m{metrics_options{}};
  std::optional<result<publish_result>> seen;
  std::string counted_by_then;
  publish_completion done{[&](result<publish_result> r) {
                            seen = r;
                            counted_by_then = m.text();
                          },
                          m.destination("jobs"), 3};
  done(publish_result{});
  ASSERT_TRUE(seen && *seen);
  // Counted before the callback runs, so a caller woken by it sees it.
  EXPECT_TRUE(has(counted_by_then, "status=\"success\"} 3")) << counted_by_then;
  auto text = m.text();
  EXPECT_TRUE(has(text, "destination=\"jobs\",status=\"success\"} 3")) << text;
  EXPECT_TRUE(has(text, "published_messages_duration_seconds_count{") &&
              has(text, "destination=\"jobs\"} 1"))
      << text;
}

TEST(publish_completion, counts_a_failure_by_its_error) {
  metrics::engine_metrics m{metrics_options{}};
  std::optional<result<publish_result>> seen;
  publish_completion done{[&](result<publish_result> r) { seen = r; },
                          m.destination("jobs"), 2};
  done(make_error(errc::refused, "OOM"));
  ASSERT_TRUE(seen && !*seen);
  EXPECT_EQ(seen->error().code, errc::refused);
  auto text = m.text();
  EXPECT_TRUE(has(text, "destination=\"jobs\",status=\"error\"} 2")) << text;
  EXPECT_FALSE(has(text, "status=\"success\"} ")) << text;
}

TEST(publish_completion, a_plain_callback_is_called_and_nothing_counted) {
  int calls = 0;
  publish_completion done = publish_callback{
      [&](const result<publish_result>& r) { calls += r ? 1 : 100; }};
  done(publish_result{});
  EXPECT_EQ(calls, 1);
  publish_completion nobody = publish_callback{};
  nobody(publish_result{}); // no callback: nothing to call, no crash
}
