// SPDX-License-Identifier: MIT
#include "codec/jsonrpc.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace redactor;
namespace json = boost::json;

namespace {

const jsonrpc::response& as_response(const jsonrpc::entry& e) {
  return std::get<jsonrpc::response>(e);
}

int error_code_of(const jsonrpc::entry& e) {
  return std::get<jsonrpc::error_object>(as_response(e).outcome).code;
}

} // namespace

TEST(jsonrpc, request_with_positional_and_named_params) {
  auto in = jsonrpc::decode_requests(
      R"({"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1})");
  ASSERT_FALSE(in.batch);
  ASSERT_EQ(in.entries.size(), 1u);
  auto& req = std::get<jsonrpc::request>(in.entries[0]);
  EXPECT_EQ(req.method, "subtract");
  EXPECT_EQ(req.params, (json::array{42, 23}));
  EXPECT_EQ(req.id, json::value(1));
  EXPECT_FALSE(req.notification);
  auto named = jsonrpc::decode_requests(
      R"({"jsonrpc":"2.0","method":"f","params":{"a":1},"id":"x"})");
  EXPECT_TRUE(std::get<jsonrpc::request>(named.entries[0]).params.is_object());
}

TEST(jsonrpc, notification_has_no_id) {
  auto in = jsonrpc::decode_requests(R"({"jsonrpc":"2.0","method":"update"})");
  auto& req = std::get<jsonrpc::request>(in.entries[0]);
  EXPECT_TRUE(req.notification);
  EXPECT_TRUE(req.params.is_null());
  auto null_id =
      jsonrpc::decode_requests(R"({"jsonrpc":"2.0","method":"m","id":null})");
  EXPECT_FALSE(std::get<jsonrpc::request>(null_id.entries[0]).notification);
}

TEST(jsonrpc, parse_error_and_invalid_requests) {
  auto parse = jsonrpc::decode_requests(R"({"jsonrpc":"2.0","method":)");
  ASSERT_EQ(parse.entries.size(), 1u);
  EXPECT_EQ(error_code_of(parse.entries[0]), -32700);
  EXPECT_TRUE(as_response(parse.entries[0]).id.is_null());

  auto empty = jsonrpc::decode_requests("[]");
  EXPECT_FALSE(empty.batch);
  EXPECT_EQ(error_code_of(empty.entries[0]), -32600);

  for (std::string_view bad :
       {R"({"jsonrpc":"1.0","method":"m","id":1})", R"({"method":"m","id":1})",
        R"({"jsonrpc":"2.0","method":1,"id":1})",
        R"({"jsonrpc":"2.0","method":"m","params":3,"id":1})",
        R"({"jsonrpc":"2.0","method":"m","id":[1]})", "1", "\"x\""}) {
    auto in = jsonrpc::decode_requests(bad);
    ASSERT_EQ(in.entries.size(), 1u) << bad;
    EXPECT_EQ(error_code_of(in.entries[0]), -32600) << bad;
  }
  auto keeps_id =
      jsonrpc::decode_requests(R"({"jsonrpc":"1.0","method":"m","id":7})");
  EXPECT_EQ(as_response(keeps_id.entries[0]).id, json::value(7));
}

TEST(jsonrpc, batch_mixes_requests_and_errors) {
  auto in = jsonrpc::decode_requests(
      R"([{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":"1"},
        {"jsonrpc":"2.0","method":"notify"}, 1,
        {"foo":"boo"}])");
  ASSERT_TRUE(in.batch);
  ASSERT_EQ(in.entries.size(), 4u);
  EXPECT_TRUE(std::holds_alternative<jsonrpc::request>(in.entries[0]));
  EXPECT_TRUE(std::get<jsonrpc::request>(in.entries[1]).notification);
  EXPECT_EQ(error_code_of(in.entries[2]), -32600);
  EXPECT_EQ(error_code_of(in.entries[3]), -32600);
}

TEST(jsonrpc, encodes_results_errors_and_batches) {
  std::vector<jsonrpc::response> one{{1, json::value(19)}};
  EXPECT_EQ(jsonrpc::encode_responses(false, one).value(),
            R"({"jsonrpc":"2.0","result":19,"id":1})");
  std::vector<jsonrpc::response> two{
      {"a", json::value(4.0)},
      {nullptr,
       jsonrpc::make_error_object(jsonrpc::error_code::method_not_found)}};
  EXPECT_EQ(
      jsonrpc::encode_responses(true, two).value(),
      R"([{"jsonrpc":"2.0","result":4.0,"id":"a"},{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":null}])");
  EXPECT_EQ(jsonrpc::encode_responses(true, {}).value(), "");
}

TEST(jsonrpc, standard_codes) {
  using jsonrpc::error_code;
  EXPECT_EQ(jsonrpc::make_error_object(error_code::parse_error).code, -32700);
  EXPECT_EQ(jsonrpc::make_error_object(error_code::invalid_request).code,
            -32600);
  EXPECT_EQ(jsonrpc::make_error_object(error_code::method_not_found).code,
            -32601);
  EXPECT_EQ(jsonrpc::make_error_object(error_code::invalid_params).message,
            "Invalid params");
  EXPECT_EQ(jsonrpc::make_error_object(error_code::internal_error).code,
            -32603);
}

TEST(jsonrpc, client_side_round_trip) {
  jsonrpc::request req{7, false, "add", json::array{1, 2}};
  EXPECT_EQ(jsonrpc::encode_request(req).value(),
            R"({"jsonrpc":"2.0","method":"add","params":[1,2],"id":7})");
  jsonrpc::request note{nullptr, true, "ping", nullptr};
  EXPECT_EQ(jsonrpc::encode_request(note).value(),
            R"({"jsonrpc":"2.0","method":"ping"})");
  auto rs = jsonrpc::decode_responses(
      R"([{"jsonrpc":"2.0","result":3,"id":7},{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":"x"},"id":8}])");
  ASSERT_TRUE(rs) << rs.error().message();
  ASSERT_EQ(rs->size(), 2u);
  EXPECT_EQ(std::get<json::value>((*rs)[0].outcome), json::value(3));
  EXPECT_EQ(std::get<jsonrpc::error_object>((*rs)[1].outcome).data,
            json::value("x"));
  EXPECT_FALSE(jsonrpc::decode_responses(R"({"jsonrpc":"2.0","id":1})"));
  EXPECT_FALSE(jsonrpc::decode_responses(
      R"({"jsonrpc":"2.0","result":1,"error":{"code":1,"message":"m"},"id":1})"));
  EXPECT_FALSE(jsonrpc::decode_responses("nope"));
}
