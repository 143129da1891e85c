// SPDX-License-Identifier: MIT
#include "redactor/json_schema.hpp"

#include <gtest/gtest.h>

#include "redactor/typed_handler.hpp"

using namespace redactor;

namespace {

struct point {
  int x = 0;
  std::optional<double> y;
};
BOOST_DESCRIBE_STRUCT(point, (), (x, y))

enum class shade { dark, light };
BOOST_DESCRIBE_ENUM(shade, dark, light)

std::string schema_text(const boost::json::object& schema) {
  return boost::json::serialize(schema);
}

TEST(json_schema, scalars_and_containers) {
  EXPECT_EQ(schema_text(json_schema<bool>()), R"({"type":"boolean"})");
  EXPECT_EQ(schema_text(json_schema<std::uint16_t>()),
            R"({"type":"integer","minimum":0})");
  EXPECT_EQ(schema_text(json_schema<std::vector<std::optional<int>>>()),
            R"({"type":"array","items":{"type":["integer","null"]}})");
  EXPECT_EQ(schema_text(json_schema<boost::json::value>()), "{}");
}

TEST(json_schema, optionals_may_be_null_and_are_not_required_members) {
  EXPECT_EQ(schema_text(json_schema<std::optional<point>>()),
            R"({"type":["object","null"],"properties":{"x":{"type":"integer"},)"
            R"("y":{"type":["number","null"]}},"required":["x"]})");
  // An enum, or a schema with no single type, allows null beside it.
  EXPECT_EQ(schema_text(json_schema<std::optional<shade>>()),
            R"({"anyOf":[{"type":"string","enum":["dark","light"]},)"
            R"({"type":"null"}]})");
  EXPECT_EQ(schema_text(json_schema<std::optional<boost::json::value>>()),
            R"({"anyOf":[{},{"type":"null"}]})");
}

TEST(json_schema, typed_handlers_declare_both_sides_and_whether_they_answer) {
  handler answers = typed([](const point& p) { return p.x; });
  EXPECT_TRUE(answers.answers());
  EXPECT_EQ(answers.contract().payload_schema,
            schema_text(json_schema<point>()));
  EXPECT_EQ(answers.contract().reply_schema, R"({"type":"integer"})");
  handler silent = typed([](const point&) {});
  EXPECT_FALSE(silent.answers());
  EXPECT_TRUE(silent.contract().reply_schema.empty());
  handler plain = [](const message&) {};
  EXPECT_FALSE(plain.answers());
  EXPECT_TRUE(plain.contract().payload_schema.empty());
}

} // namespace
