// SPDX-License-Identifier: MIT
// Channel and pattern subscriptions, and publishing to channels.
#include "redactor/broker.hpp"

#include "support/broker_test.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

using broker_channel_test = test::broker_test;

TEST_F(broker_channel_test, delivers_published_frames_with_headers) {
  broker b{options()};
  test::collector got;
  auto token =
      b.subscribe(channel_sub{"news"}, [&](const message& m) { got.add(m); });
  b.start();
  EXPECT_TRUE(token.active());
  publish_options opts;
  opts.correlation_id = "cid-1";
  opts.headers = {{"x-kind", "test"}};
  auto r = b.publish(destination::channel("news"), "hello", opts).get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->count, 1);
  ASSERT_TRUE(got.wait_for(1));
  auto item = got.items().at(0);
  EXPECT_EQ(item.body, "hello");
  EXPECT_EQ(item.correlation_id, "cid-1");
  EXPECT_EQ(item.channel, "news");
  ASSERT_NE(find_header(item.headers, "x-kind"), nullptr);
  EXPECT_EQ(*find_header(item.headers, "x-kind"), "test");
}

TEST_F(broker_channel_test, pattern_extracts_path_params) {
  broker b{options()};
  test::collector got;
  auto token = b.subscribe(channel_sub{"orders.{region}.{id}"},
                           [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::channel("orders.eu.42"), "x").get());
  ASSERT_TRUE(got.wait_for(1));
  auto item = got.items().at(0);
  EXPECT_EQ(item.channel, "orders.eu.42");
  EXPECT_EQ(item.path, (header_list{{"region", "eu"}, {"id", "42"}}));
}

TEST_F(broker_channel_test, raw_payload_reaches_the_handler_as_bytes) {
  broker b{options()};
  test::collector got;
  auto token =
      b.subscribe(channel_sub{"raw"}, [&](const message& m) { got.add(m); });
  b.start();
  command({"PUBLISH", "raw", std::string_view("\x89\x00plain", 7)});
  ASSERT_TRUE(got.wait_for(1));
  EXPECT_EQ(got.items().at(0).body, std::string("\x89\x00plain", 7));
  EXPECT_FALSE(got.items().at(0).correlation_id.empty());
}

TEST_F(broker_channel_test, a_throwing_handler_does_not_stop_the_subscription) {
  broker b{options()};
  test::collector got;
  auto token = b.subscribe(channel_sub{"boom"}, [&](const message& m) {
    got.add(m);
    if (m.body() == "throw")
      throw std::runtime_error("handler failure");
  });
  b.start();
  ASSERT_TRUE(b.publish(destination::channel("boom"), "throw").get());
  ASSERT_TRUE(b.publish(destination::channel("boom"), "after").get());
  ASSERT_TRUE(got.wait_for(2));
  EXPECT_EQ(got.bodies(), (std::vector<std::string>{"throw", "after"}));
}

TEST_F(broker_channel_test, reply_to_gets_the_handler_response) {
  broker b{options()};
  test::collector replies;
  auto responder = b.subscribe(channel_sub{"svc"}, [](const message& m) {
    return "echo:" + std::string(m.body());
  });
  auto inbox = b.subscribe(channel_sub{"inbox"},
                           [&](const message& m) { replies.add(m); });
  b.start();
  publish_options opts;
  opts.reply_to = "inbox";
  opts.correlation_id = "req-7";
  ASSERT_TRUE(b.publish(destination::channel("svc"), "ping", opts).get());
  ASSERT_TRUE(replies.wait_for(1));
  EXPECT_EQ(replies.items().at(0).body, "echo:ping");
  EXPECT_EQ(replies.items().at(0).correlation_id, "req-7");
  // FastStream's replies carry no reply_to.
  EXPECT_EQ(find_header(replies.items().at(0).headers, "reply_to"), nullptr);
}

TEST_F(broker_channel_test, unsubscribe_stops_delivery) {
  broker b{options()};
  test::collector got;
  auto token =
      b.subscribe(channel_sub{"once"}, [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::channel("once"), "1").get());
  ASSERT_TRUE(got.wait_for(1));
  token.unsubscribe();
  EXPECT_FALSE(token.active());
  auto r = b.publish(destination::channel("once"), "2").get();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->count, 0);
}

TEST_F(broker_channel_test, start_fails_clearly_on_wrong_password) {
  command({"CONFIG", "SET", "requirepass", "secret"});
  broker_options opts = options();
  opts.connection.password = "wrong";
  broker b{opts};
  try {
    b.start();
    ADD_FAILURE() << "start() succeeded with a wrong password";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), make_error_code(errc::connection_failed));
    EXPECT_NE(std::string(e.what()).find("WRONGPASS"), std::string::npos)
        << e.what();
  }
  command({"AUTH", "secret"});
  command({"CONFIG", "SET", "requirepass", ""});
}

TEST_F(broker_channel_test, start_fails_clearly_when_redis_is_unreachable) {
  broker_options opts = options();
  opts.connection.port = 1; // nothing listens on port 1
  broker b{opts};
  try {
    b.start();
    ADD_FAILURE() << "start() succeeded without Redis";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), make_error_code(errc::connection_failed));
  }
}

} // namespace

namespace {

TEST_F(broker_channel_test, authenticates_as_an_acl_user) {
  command({"ACL", "SETUSER", "app", "on", ">s3cret", "~*", "&*", "+@all"});
  auto opts = options();
  opts.connection = connection_options::from_url(
      "redis://app:s3cret@127.0.0.1:" + std::to_string(server().port()) + "/2");
  broker b{opts};
  test::collector got;
  auto token =
      b.subscribe(list_sub{"acl"}, [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::list("acl"), "hi").get());
  ASSERT_TRUE(got.wait_for(1));
  command({"ACL", "DELUSER", "app"});
}

} // namespace

namespace {

// FastStream's magic and version 1, then offsets pointing far past the end.
const std::string broken_frame("\x89"
                               "BIN\r\n\x1a\n\x00\x01\xff\xff\xff\xff"
                               "\xff\xff\xff\xff",
                               18);

TEST_F(broker_channel_test,
       undecodable_frames_reach_the_handler_raw_and_count) {
  broker b{options()};
  test::collector got;
  auto token = b.subscribe(channel_sub{"in"}, [&](const message& m) {
    got.add(m);
    if (m.decode_error())
      throw std::runtime_error("cannot use it");
  });
  b.start();
  command({"PUBLISH", "in", broken_frame});
  ASSERT_TRUE(b.publish(destination::channel("in"), "fine").get());
  ASSERT_TRUE(got.wait_for(2));
  EXPECT_EQ(got.items().at(0).body, broken_frame);
  ASSERT_TRUE(test::eventually([&] { return token.counts().handled == 1; }));
  auto counts = token.counts();
  EXPECT_EQ(counts.received, 2u);
  EXPECT_EQ(counts.failed, 1u);
  EXPECT_EQ(counts.undecodable, 1u);
}

TEST_F(broker_channel_test, reject_undecodable_keeps_them_from_the_handler) {
  broker b{options()};
  test::collector got;
  channel_sub sub{"in"};
  sub.reject_undecodable = true;
  auto token = b.subscribe(sub, [&](const message& m) { got.add(m); });
  b.start();
  command({"PUBLISH", "in", broken_frame});
  ASSERT_TRUE(b.publish(destination::channel("in"), "fine").get());
  ASSERT_TRUE(got.wait_for(1));
  // Counted once the handler has returned, after it recorded the message.
  ASSERT_TRUE(test::eventually([&] { return token.counts().handled == 1; }));
  EXPECT_EQ(got.bodies(), std::vector<std::string>{"fine"});
  EXPECT_EQ(token.counts().received, 2u);
  EXPECT_EQ(token.counts().undecodable, 1u);
}

} // namespace
