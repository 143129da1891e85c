// SPDX-License-Identifier: MIT
#include "codec/redisrpc.hpp"

#include <cmath>

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace redactor;
namespace json = boost::json;

namespace {

redisrpc::call decode_ok(std::string_view bytes, std::string_view queue) {
  auto r = redisrpc::decode_request(bytes);
  EXPECT_EQ(r.response_queue, queue);
  if (!r.fn)
    ADD_FAILURE() << r.fn.error().message();
  return r.fn ? *r.fn : redisrpc::call{};
}

} // namespace

// Exact request bytes captured from each reference client.
TEST(redisrpc, python_requests) {
  auto clr = decode_ok(
      R"({"function_call": {"name": "clr"}, "response_queue": "calc:rpc:BBOBIPU2"})",
      "calc:rpc:BBOBIPU2");
  EXPECT_EQ(clr.method, "clr");
  EXPECT_TRUE(clr.args.empty());
  auto add = decode_ok(
      R"({"function_call": {"name": "add", "args": [5]}, "response_queue": "calc:rpc:6IIE3KUD"})",
      "calc:rpc:6IIE3KUD");
  EXPECT_EQ(add.args, (json::array{5}));
  auto kw = decode_ok(
      R"({"function_call": {"name": "add", "kwargs": {"number": 1}}, "response_queue": "calc:rpc:E6A954YC"})",
      "calc:rpc:E6A954YC");
  EXPECT_EQ(kw.kwargs, (json::object{{"number", 1}}));
}

TEST(redisrpc, ruby_requests) {
  auto clr = decode_ok(
      R"({"function_call":{"name":"clr","args":[]},"response_queue":"calc:rpc:ITS1JW7S"})",
      "calc:rpc:ITS1JW7S");
  EXPECT_TRUE(clr.args.empty());
  auto kw = decode_ok(
      R"({"function_call":{"name":"add","args":[{"number":1}]},"response_queue":"q"})",
      "q");
  ASSERT_EQ(kw.args.size(), 1u); // Ruby keyword args arrive as a trailing Hash
}

TEST(redisrpc, php_named_arguments_as_object) {
  auto named = decode_ok(
      R"({"function_call":{"name":"add","args":{"number":1}},"response_queue":"q"})",
      "q");
  EXPECT_TRUE(named.args.empty());
  EXPECT_EQ(named.kwargs, (json::object{{"number", 1}}));
  auto mixed = decode_ok(
      R"({"function_call":{"name":"f","args":{"1":"b","0":"a","x":1}},"response_queue":"q"})",
      "q");
  EXPECT_EQ(mixed.args, (json::array{"a", "b"}));
  EXPECT_EQ(mixed.kwargs, (json::object{{"x", 1}}));
}

TEST(redisrpc, python_non_finite_tokens) {
  auto fn = decode_ok(
      R"({"function_call": {"name": "add", "args": [NaN, Infinity, -Infinity]}, "response_queue": "q"})",
      "q");
  ASSERT_EQ(fn.args.size(), 3u);
  EXPECT_TRUE(std::isnan(fn.args[0].as_double()));
  EXPECT_TRUE(std::isinf(fn.args[1].as_double()));
}

TEST(redisrpc, malformed_requests_are_errors_with_queue_when_known) {
  struct bad_case {
    std::string_view bytes;
    std::string_view queue;
    errc code;
  };
  const bad_case cases[] = {
      {"not json", "", errc::invalid_json},
      {"[1,2]", "", errc::protocol_violation},
      {R"({"function_call":{"name":"x"}})", "", errc::protocol_violation},
      {R"({"function_call":{"name":"x"},"response_queue":5})", "",
       errc::protocol_violation},
      {R"({"response_queue":"q"})", "q", errc::protocol_violation},
      {R"({"function_call":"x","response_queue":"q"})", "q",
       errc::protocol_violation},
      {R"({"function_call":{"name":""},"response_queue":"q"})", "q",
       errc::protocol_violation},
      {R"({"function_call":{"name":7},"response_queue":"q"})", "q",
       errc::protocol_violation},
      {R"({"function_call":{"name":"x","args":"a"},"response_queue":"q"})", "q",
       errc::protocol_violation},
      {R"({"function_call":{"name":"x","kwargs":[1]},"response_queue":"q"})",
       "q", errc::protocol_violation},
      {R"({"function_call":{"name":"x","args":{"1":1}},"response_queue":"q"})",
       "q", errc::protocol_violation},
      {R"({"function_call":{"name":"x","args":{"k":1},"kwargs":{"k":2}},"response_queue":"q"})",
       "q", errc::protocol_violation},
  };
  for (const auto& c : cases) {
    auto r = redisrpc::decode_request(c.bytes);
    EXPECT_EQ(r.response_queue, c.queue) << c.bytes;
    ASSERT_FALSE(r.fn) << c.bytes;
    EXPECT_EQ(r.fn.error().code, c.code) << c.bytes;
    EXPECT_FALSE(r.fn.error().detail.empty());
  }
}

TEST(redisrpc, encodes_requests_like_the_python_client_but_compact) {
  redisrpc::call fn{"add", {5}, {}};
  EXPECT_EQ(
      redisrpc::encode_request(fn, "calc:rpc:X").value(),
      R"({"function_call":{"name":"add","args":[5]},"response_queue":"calc:rpc:X"})");
  redisrpc::call clr{"clr", {}, {}};
  EXPECT_EQ(redisrpc::encode_request(clr, "q").value(),
            R"({"function_call":{"name":"clr"},"response_queue":"q"})");
  redisrpc::call kw{"add", {}, {{"number", 1.0}}};
  EXPECT_EQ(
      redisrpc::encode_request(kw, "q").value(),
      R"({"function_call":{"name":"add","kwargs":{"number":1.0}},"response_queue":"q"})");
}

TEST(redisrpc, responses_carry_exactly_one_member) {
  EXPECT_EQ(redisrpc::encode_return_value(4.0).value(),
            R"({"return_value":4.0})");
  EXPECT_EQ(redisrpc::encode_return_value(nullptr).value(),
            R"({"return_value":null})");
  EXPECT_EQ(redisrpc::encode_exception("boom"), R"({"exception":"boom"})");
  EXPECT_EQ(redisrpc::encode_exception(""), R"({"exception":"unknown error"})");
  auto nan = redisrpc::encode_return_value(NAN);
  ASSERT_FALSE(nan);
  EXPECT_EQ(nan.error().code, errc::unencodable);
}

TEST(redisrpc, decodes_every_reference_server_response) {
  auto py = redisrpc::decode_response(R"({"return_value": 5.0})").value();
  EXPECT_EQ(std::get<json::value>(py), json::value(5.0));
  auto php = redisrpc::decode_response(R"({"return_value":4})").value();
  EXPECT_EQ(std::get<json::value>(php), json::value(4));
  auto ruby = redisrpc::decode_response(
                  R"({"exception":"undefined method","backtrace":["a"]})")
                  .value();
  EXPECT_EQ(std::get<redisrpc::remote_exception>(ruby).text,
            "undefined method");
  auto null_ex =
      redisrpc::decode_response(R"({"exception":null,"return_value":1})")
          .value();
  EXPECT_EQ(std::get<json::value>(null_ex), json::value(1));
  auto inf = redisrpc::decode_response(R"({"return_value": Infinity})");
  ASSERT_TRUE(inf);
  EXPECT_FALSE(redisrpc::decode_response(R"({"other":1})"));
  EXPECT_FALSE(redisrpc::decode_response("[]"));
  EXPECT_FALSE(redisrpc::decode_response(""));
}
