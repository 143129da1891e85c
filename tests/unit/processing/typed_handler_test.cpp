// SPDX-License-Identifier: MIT
#include "redactor/typed_handler.hpp"

#include <gtest/gtest.h>

#include "processing/message_access.hpp"
#include "redactor/codec/binary_format.hpp"

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
  subscription_spec spec;
  spec.kind = source_kind::list;
  spec.name = "points";
  return detail::message_access::make({std::move(payload), {}, {}}, spec);
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
    EXPECT_NE(std::string(e.what()).find("does not convert"),
              std::string::npos);
  }
  EXPECT_THROW((void)h(make_message("not json")), error);
}

TEST(message_access, fills_every_field_from_a_frame) {
  auto frame = binary_format_v1::encode(
      {{"correlation_id", "c1"}, {"reply_to", "inbox"}, {"x", "y"}}, "body");
  subscription_spec spec;
  spec.kind = source_kind::channel;
  spec.name = "orders.{id}";
  spec.params = path_pattern{spec.name};
  auto m = detail::message_access::make({*frame, "", "orders.9"}, spec);
  EXPECT_EQ(m.body(), "body");
  EXPECT_EQ(m.correlation_id(), "c1");
  EXPECT_EQ(m.reply_to(), "inbox");
  EXPECT_EQ(m.header("x"), "y");
  EXPECT_EQ(m.source(), source_kind::channel);
  EXPECT_EQ(m.source_name(), "orders.{id}");
  EXPECT_EQ(m.channel(), "orders.9");
  EXPECT_EQ(m.path_param("id"), "9");
  EXPECT_EQ(m.text(), "body");
}

} // namespace
