// SPDX-License-Identifier: MIT
// The text exposition: names, label order, histogram buckets, lazy series.
#include <gtest/gtest.h>

#include "metrics/registry.hpp"

using namespace redactor::metrics;

namespace {

registry make_registry() {
  return registry{"faststream", {{"app_name", "demo"}, {"broker", "redis"}}};
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(registry, writes_counters_with_sorted_labels) {
  auto reg = make_registry();
  auto& fam = reg.add_counter("received_processed_messages_exceptions_total",
                              "help", {"handler", "exception_type"});
  fam.with({"err-stream", "ValueError"}).add();
  auto text = reg.text();
  EXPECT_TRUE(has_line(
      text, "faststream_received_processed_messages_exceptions_total{app_name="
            "\"demo\",broker=\"redis\",exception_type=\"ValueError\",handler="
            "\"err-stream\"} 1"))
      << text;
  EXPECT_TRUE(has_line(
      text, "# TYPE faststream_received_processed_messages_exceptions_total "
            "counter"))
      << text;
}

TEST(registry, writes_cumulative_histogram_buckets) {
  auto reg = make_registry();
  auto& fam = reg.add_histogram("received_messages_size_bytes", "help",
                                {"handler"}, size_buckets());
  auto& h = fam.with({"jobs"});
  h.observe(10);  // le 16
  h.observe(16);  // le 16: bounds are inclusive
  h.observe(100); // le 256
  h.observe(1e9); // +Inf only
  auto text = reg.text();
  auto series = [](const std::string& suffix, const std::string& le) {
    return "faststream_received_messages_size_bytes" + suffix +
           "{app_name=\"demo\",broker=\"redis\",handler=\"jobs\"" +
           (le.empty() ? "" : ",le=\"" + le + "\"") + "}";
  };
  EXPECT_TRUE(has_line(text, series("_bucket", "16") + " 2")) << text;
  EXPECT_TRUE(has_line(text, series("_bucket", "64") + " 2")) << text;
  EXPECT_TRUE(has_line(text, series("_bucket", "256") + " 3")) << text;
  EXPECT_TRUE(has_line(text, series("_bucket", "16777216") + " 3")) << text;
  EXPECT_TRUE(has_line(text, series("_bucket", "+Inf") + " 4")) << text;
  EXPECT_TRUE(has_line(text, series("_count", "") + " 4")) << text;
  EXPECT_TRUE(has_line(text, series("_sum", "") + " 1000000126")) << text;
}

TEST(registry, refreshers_run_before_each_scrape) {
  auto reg = make_registry();
  auto& mirrored = reg.add_mirrored_counter("rpc_timeouts_total", "help", {});
  int source = 0;
  reg.add_refresher([&] { mirrored.with({}).set(++source); });
  reg.text();
  auto text = reg.text();
  EXPECT_TRUE(has_line(
      text,
      "faststream_rpc_timeouts_total{app_name=\"demo\",broker=\"redis\"} 2"))
      << text;
  EXPECT_TRUE(has_line(text, "# TYPE faststream_rpc_timeouts_total counter"))
      << text;
}

TEST(registry, lazy_children_appear_once_used) {
  auto reg = make_registry();
  auto& fam = reg.add_counter("published_messages_total", "help",
                              {"destination", "status"});
  lazy_child<counter> errors{fam, {"b-list", "error"}};
  EXPECT_EQ(reg.text().find("status=\"error\""), std::string::npos);
  errors.get().add(3);
  EXPECT_TRUE(has_line(reg.text(),
                       "faststream_published_messages_total{app_name=\"demo\","
                       "broker=\"redis\",destination=\"b-list\",status="
                       "\"error\"} 3"));
}

} // namespace
