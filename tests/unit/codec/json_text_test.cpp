// SPDX-License-Identifier: MIT
#include "codec/json_text.hpp"

#include <cmath>

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace redactor;
namespace json = boost::json;

TEST(json_text, floats_keep_a_fraction) {
  EXPECT_EQ(json_text::write(json::value(4.0)).value(), "4.0");
  EXPECT_EQ(json_text::write(json::value(-0.5)).value(), "-0.5");
  EXPECT_EQ(json_text::write(json::value(1e20)).value(), "1e+20");
  EXPECT_EQ(json_text::write(json::value(0.1)).value(), "0.1");
  EXPECT_EQ(json_text::write(json::value(4)).value(), "4");
}

TEST(json_text, writes_compact_escaped_text) {
  json::value v = {{"a", json::array{1, "x\"\\\n", nullptr, true}}};
  EXPECT_EQ(json_text::write(v).value(), R"({"a":[1,"x\"\\\n",null,true]})");
}

TEST(json_text, refuses_non_finite_and_bad_utf8_on_write) {
  EXPECT_EQ(json_text::write(json::value(NAN)).error().code, errc::unencodable);
  EXPECT_EQ(json_text::write(json::value(INFINITY)).error().code,
            errc::unencodable);
  EXPECT_EQ(json_text::write(json::value("\xff")).error().code,
            errc::unencodable);
}

TEST(json_text, reads_python_non_finite_tokens_when_allowed) {
  auto v = json_text::read(R"([NaN, Infinity, -Infinity, "NaN", 1])",
                           {/*allow_non_finite=*/true});
  ASSERT_TRUE(v) << v.error().message();
  auto& a = v->as_array();
  EXPECT_TRUE(std::isnan(a[0].as_double()));
  EXPECT_EQ(a[1].as_double(), INFINITY);
  EXPECT_EQ(a[2].as_double(), -INFINITY);
  EXPECT_EQ(a[3].as_string(), "NaN");
  EXPECT_FALSE(json_text::read("[NaN]"));
}

TEST(json_text, numbers_beyond_double_range) {
  // Found by fuzz.jsonrpc: valid JSON that Boost.JSON reads as infinity.
  auto strict = json_text::read(R"({"id":922222222222e2222220})");
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().code, errc::invalid_json);
  EXPECT_FALSE(json_text::read("[" + std::string(400, '9') + "]"));
  auto lenient = json_text::read("[1e400]", {/*allow_non_finite=*/true});
  ASSERT_TRUE(lenient);
  EXPECT_EQ(lenient->as_array()[0].as_double(), INFINITY);
}

TEST(json_text, bad_input_is_a_clear_error) {
  EXPECT_EQ(json_text::read("{").error().code, errc::invalid_json);
  EXPECT_EQ(json_text::read("\"\xff\"").error().code, errc::invalid_json);
  EXPECT_EQ(json_text::read("[1] x").error().code, errc::invalid_json);
  std::string deep(10000, '[');
  deep += std::string(10000, ']');
  EXPECT_EQ(json_text::read(deep).error().code, errc::too_deep);
  std::string deep_obj;
  for (int i = 0; i < 10000; ++i)
    deep_obj += R"({"a":)";
  EXPECT_EQ(json_text::read(deep_obj).error().code, errc::too_deep);
}
