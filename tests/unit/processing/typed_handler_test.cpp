// SPDX-License-Identifier: MIT
#include "redactor/typed_handler.hpp"

#include <limits>

#include <gtest/gtest.h>

#include "processing/message_access.hpp"

using namespace redactor;

namespace {

struct point {
  int x = 0;
  int y = 0;
};

point tag_invoke(boost::json::value_to_tag<point>,
                 const boost::json::value& v) {
  auto& o = v.as_object();
  return {boost::json::value_to<int>(o.at("x")),
          boost::json::value_to<int>(o.at("y"))};
}

message make_message(std::string payload) {
  return processing::decode_message(
      {std::move(payload), {}, {}},
      processing::message_source::named(source_kind::list, "points"));
}

TEST(typed_handler, converts_body_and_result) {
  handler h = typed([](const point& p) { return p.x + p.y; });
  auto r = h(make_message(R"({"x":2,"y":3})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "5");
  EXPECT_EQ(r->content_type, "application/json");
}

TEST(typed_handler, a_body_that_does_not_convert_is_a_clear_error) {
  handler h = typed([](const point&) {});
  try {
    (void)h(make_message(R"({"x":"two"})"));
    ADD_FAILURE() << "no error";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), make_error_code(errc::invalid_json));
  }
  EXPECT_THROW((void)h(make_message("not json")), error);
}

struct part {
  std::string name;
  int count = 0;
};
BOOST_DESCRIBE_STRUCT(part, (), (name, count))

struct shipment {
  std::string id;
  std::vector<part> parts;
  std::optional<std::string> note;
  double weight = 0;
};
BOOST_DESCRIBE_STRUCT(shipment, (), (id, parts, note, weight))

/// The text of the error from_json<shipment>(text) throws.
std::string conversion_error(const std::string& text) {
  try {
    (void)from_json<shipment>(parse_json(text));
  } catch (const error& e) {
    EXPECT_EQ(e.code(), make_error_code(errc::invalid_json));
    return e.info().detail;
  }
  return "no error";
}

TEST(typed_json, described_structs_convert_member_by_member) {
  auto o = from_json<shipment>(parse_json(
      R"({"id":"o-1","parts":[{"name":"a","count":2}],"weight":3,"extra":1})"));
  EXPECT_EQ(o.id, "o-1");
  ASSERT_EQ(o.parts.size(), 1u);
  EXPECT_EQ(o.parts[0].count, 2);
  EXPECT_FALSE(o.note);
  EXPECT_EQ(o.weight, 3.0);
}

TEST(typed_json, errors_name_the_field_and_why_without_source_locations) {
  EXPECT_EQ(conversion_error(R"({"parts":[],"weight":1})"),
            "field 'id' is missing");
  EXPECT_EQ(
      conversion_error(
          R"({"id":"o","parts":[{"name":"a","count":1},{"name":"b","count":"x"}],)"
          R"("weight":1})"),
      "field 'parts[1].count': not a number (got a string)");
  EXPECT_EQ(conversion_error(R"({"id":"o","parts":{},"weight":1})"),
            "field 'parts': expected an array, got an object");
  EXPECT_EQ(conversion_error("[]"),
            "the value: expected an object, got an array");
  auto detail = conversion_error(R"({"id":7,"parts":[],"weight":1})");
  EXPECT_EQ(detail.find("boost"), std::string::npos) << detail;
  EXPECT_EQ(detail.find(".hpp"), std::string::npos) << detail;
}

TEST(typed_json, one_number_style_everywhere) {
  EXPECT_EQ(to_json_text(to_json(shipment{"o", {}, std::nullopt, 1.0})),
            R"({"id":"o","parts":[],"note":null,"weight":1.0})");
  EXPECT_EQ(json_response(3.0).body, "3.0");
  EXPECT_EQ(json_response(3).body, "3");
  EXPECT_THROW(
      to_json_text(boost::json::value(std::numeric_limits<double>::infinity())),
      error);
}

TEST(typed_handler, takes_the_message_and_returns_a_response_with_headers) {
  handler h = typed([](const part& item, const message& m) {
    auto r = json_response(item.count * 2);
    r.headers.push_back({"x-seen-name", item.name});
    r.headers.push_back({"x-from", m.source_name()});
    return r;
  });
  auto r = h(make_message(R"({"name":"a","count":4})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "8");
  auto header = [&](const char* name) {
    auto* value = find_header(r->headers, name);
    return value ? *value : std::string{"(none)"};
  };
  EXPECT_EQ(header("x-seen-name"), "a");
  EXPECT_EQ(header("x-from"), "points");
}

} // namespace
