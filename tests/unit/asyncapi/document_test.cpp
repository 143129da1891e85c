// SPDX-License-Identifier: MIT
// What the AsyncAPI document lists, as subscriptions and publishers come and
// go. Its shape against the AsyncAPI schema is tests/docs/asyncapi_test.py.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "redactor/testing/test_broker.hpp"

using namespace redactor;
using redactor::testing::test_broker;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> operations(const broker& b) {
  auto doc = boost::json::parse(b.asyncapi()).as_object();
  std::vector<std::string> ids;
  for (auto& op : doc.at("operations").as_object())
    ids.emplace_back(op.key());
  return ids;
}

TEST(asyncapi_document, lists_live_subscriptions_only) {
  test_broker b;
  auto kept = b.subscribe(list_sub{"kept"}, [](const message&) {});
  auto dropped = b.subscribe(list_sub{"dropped"}, [](const message&) {});
  EXPECT_EQ(operations(b), (std::vector<std::string>{"receive.list.kept",
                                                     "receive.list.dropped"}));
  dropped.unsubscribe();
  b.start();
  // get_one reads through a subscription of its own, gone once it returns.
  ASSERT_TRUE(b.get_one(list_sub{"pulled"}, 10ms));
  EXPECT_EQ(operations(b), (std::vector<std::string>{"receive.list.kept"}));
}

TEST(asyncapi_document, lists_each_made_publisher_once_and_no_bare_publish) {
  test_broker b;
  b.make_publisher(destination::stream("ledger"));
  b.make_publisher(destination::stream("ledger", 100));
  b.start();
  (void)b.publish(destination::channel("adhoc"), "x");
  EXPECT_EQ(operations(b), (std::vector<std::string>{"send.stream.ledger"}));
}

TEST(asyncapi_document, the_same_name_twice_gets_distinct_channels) {
  test_broker b;
  auto first = b.subscribe(channel_sub{"a/b"}, [](const message&) {});
  auto second = b.subscribe(channel_sub{"a?b"}, [](const message&) {});
  auto doc = boost::json::parse(b.asyncapi()).as_object();
  auto& channels = doc.at("channels").as_object();
  ASSERT_TRUE(channels.contains("channel.a_b"));
  ASSERT_TRUE(channels.contains("channel.a_b_2"));
  EXPECT_EQ(channels.at("channel.a_b_2").at("address"), "a?b");
}

} // namespace
