// SPDX-License-Identifier: MIT
// Channel and pattern subscriptions, on Redis and on the test broker.
// Pub/Sub loss and reconnects exist on Redis only: tests/redis/.
#include "behaviour/backends.hpp"

using namespace redactor;

namespace {

template <class Backend>
class channel_behaviour : public Backend {};

TYPED_TEST_SUITE(channel_behaviour, test::backends, test::backend_index);

// FastStream's magic and version 1, then offsets pointing far past the end.
const std::string broken_frame("\x89"
                               "BIN\r\n\x1a\n\x00\x01\xff\xff\xff\xff"
                               "\xff\xff\xff\xff",
                               18);

TYPED_TEST(channel_behaviour, delivers_published_frames_with_headers) {
  auto& b = this->make();
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
  if (TypeParam::counts_every_subscriber) {
    EXPECT_EQ(r->count, 1);
  }
  ASSERT_TRUE(this->settle([&] { return got.size() == 1; }));
  auto item = got.items().at(0);
  EXPECT_EQ(item.body, "hello");
  EXPECT_EQ(item.correlation_id, "cid-1");
  EXPECT_EQ(item.channel, "news");
  ASSERT_NE(find_header(item.headers, "x-kind"), nullptr);
  EXPECT_EQ(*find_header(item.headers, "x-kind"), "test");
}

TYPED_TEST(channel_behaviour, pattern_extracts_path_params) {
  auto& b = this->make();
  test::collector got;
  auto token = b.subscribe(channel_sub{"orders.{region}.{id}"},
                           [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::channel("orders.eu.42"), "x").get());
  ASSERT_TRUE(this->settle([&] { return got.size() == 1; }));
  auto item = got.items().at(0);
  EXPECT_EQ(item.channel, "orders.eu.42");
  EXPECT_EQ(item.path, (header_list{{"region", "eu"}, {"id", "42"}}));
}

TYPED_TEST(channel_behaviour, raw_payload_reaches_the_handler_as_bytes) {
  auto& b = this->make();
  test::collector got;
  auto token =
      b.subscribe(channel_sub{"raw"}, [&](const message& m) { got.add(m); });
  b.start();
  this->inject(destination::channel("raw"),
               std::string_view("\x89\x00plain", 7));
  ASSERT_TRUE(this->settle([&] { return got.size() == 1; }));
  EXPECT_EQ(got.items().at(0).body, std::string("\x89\x00plain", 7));
  EXPECT_FALSE(got.items().at(0).correlation_id.empty());
}

TYPED_TEST(channel_behaviour, a_throwing_handler_does_not_stop_it) {
  auto& b = this->make();
  test::collector got;
  auto token = b.subscribe(channel_sub{"boom"}, [&](const message& m) {
    got.add(m);
    if (m.body() == "throw")
      throw std::runtime_error("handler failure");
  });
  b.start();
  ASSERT_TRUE(b.publish(destination::channel("boom"), "throw").get());
  ASSERT_TRUE(b.publish(destination::channel("boom"), "after").get());
  ASSERT_TRUE(this->settle([&] { return token.counts().handled == 1; }));
  EXPECT_EQ(got.bodies(), (std::vector<std::string>{"throw", "after"}));
  EXPECT_EQ(token.counts().failed, 1u);
}

TYPED_TEST(channel_behaviour, reply_to_gets_the_handler_response) {
  auto& b = this->make();
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
  ASSERT_TRUE(this->settle([&] { return replies.size() == 1; }));
  EXPECT_EQ(replies.items().at(0).body, "echo:ping");
  EXPECT_EQ(replies.items().at(0).correlation_id, "req-7");
  // FastStream's replies carry no reply_to.
  EXPECT_EQ(find_header(replies.items().at(0).headers, "reply_to"), nullptr);
}

TYPED_TEST(channel_behaviour, unsubscribe_stops_delivery) {
  auto& b = this->make();
  test::collector got;
  auto token =
      b.subscribe(channel_sub{"once"}, [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::channel("once"), "1").get());
  ASSERT_TRUE(this->settle([&] { return got.size() == 1; }));
  token.unsubscribe();
  EXPECT_FALSE(token.active());
  auto r = b.publish(destination::channel("once"), "2").get();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->count, 0);
}

TYPED_TEST(channel_behaviour, get_one_gives_up_after_its_timeout) {
  auto& b = this->make();
  b.start();
  auto got = b.get_one(channel_sub{"quiet"}, std::chrono::milliseconds{100});
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_FALSE(got->has_value());
}

TYPED_TEST(channel_behaviour, undecodable_frames_reach_the_handler_raw) {
  auto& b = this->make();
  test::collector got;
  auto token = b.subscribe(channel_sub{"in"}, [&](const message& m) {
    got.add(m);
    if (m.decode_error())
      throw std::runtime_error("cannot use it");
  });
  b.start();
  this->inject(destination::channel("in"), broken_frame);
  ASSERT_TRUE(b.publish(destination::channel("in"), "fine").get());
  // On a cluster the two PUBLISHes reach the subscriber's node by
  // different paths, so either may come first.
  ASSERT_TRUE(this->settle([&] {
    return token.counts().handled == 1 && token.counts().failed == 1;
  }));
  EXPECT_TRUE(got.contains(broken_frame));
  auto counts = token.counts();
  EXPECT_EQ(counts.received, 2u);
  EXPECT_EQ(counts.failed, 1u);
  EXPECT_EQ(counts.undecodable, 1u);
}

TYPED_TEST(channel_behaviour, reject_undecodable_keeps_them_from_the_handler) {
  auto& b = this->make();
  test::collector got;
  channel_sub sub{"in"};
  sub.reject_undecodable = true;
  auto token = b.subscribe(sub, [&](const message& m) { got.add(m); });
  b.start();
  this->inject(destination::channel("in"), broken_frame);
  ASSERT_TRUE(b.publish(destination::channel("in"), "fine").get());
  // Counted once the handler has returned, after it recorded the message;
  // on a cluster either message may come first.
  ASSERT_TRUE(this->settle([&] {
    return token.counts().handled == 1 && token.counts().received == 2;
  }));
  EXPECT_EQ(got.bodies(), std::vector<std::string>{"fine"});
  EXPECT_EQ(token.counts().undecodable, 1u);
}

} // namespace
