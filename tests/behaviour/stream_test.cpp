// SPDX-License-Identifier: MIT
// Stream subscriptions, consumer groups and ack policies, on Redis and on
// the test broker. Redelivery (min_idle_time, dead letters), a lost group,
// approximate trimming and graceful stop exist on Redis only:
// tests/redis/broker_stream_test.cpp.
#include "behaviour/backends.hpp"

using namespace redactor;

namespace {

template <class Backend>
class stream_behaviour : public Backend {};

TYPED_TEST_SUITE(stream_behaviour, test::backends, test::backend_index);

TYPED_TEST(stream_behaviour, plain_read_starts_after_existing_entries) {
  auto& b = this->make();
  b.start();
  ASSERT_TRUE(b.publish(destination::stream("events"), "old").get());
  test::collector got;
  auto token =
      b.subscribe(stream_sub{"events"}, [&](const message& m) { got.add(m); });
  auto r = b.publish(destination::stream("events"), "new").get();
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_FALSE(r->entry_id.empty());
  ASSERT_TRUE(this->settle([&] { return got.size() == 1; }));
  EXPECT_EQ(got.items().at(0).body, "new");
  EXPECT_EQ(got.items().at(0).entry_id, r->entry_id);
}

TYPED_TEST(stream_behaviour, group_at_zero_consumes_the_backlog_and_acks) {
  auto& b = this->make();
  b.start();
  for (int i = 0; i < 30; ++i)
    ASSERT_TRUE(
        b.publish(destination::stream("orders"), "o" + std::to_string(i))
            .get());
  test::collector got;
  stream_sub sub{"orders", "billing", "c1"};
  sub.last_id = "0";
  auto token = b.subscribe(sub, [&](const message& m) { got.add(m); });
  ASSERT_TRUE(this->settle([&] {
    return got.size() == 30 && this->pending("orders", "billing") == 0;
  }));
  EXPECT_EQ(got.items().front().body, "o0");
  EXPECT_EQ(got.items().back().body, "o29");
}

TYPED_TEST(stream_behaviour, a_batch_adds_every_entry_in_order) {
  auto& b = this->make();
  test::collector got;
  stream_sub sub{"batched", "g", "c"};
  sub.last_id = "0";
  auto token = b.subscribe(sub, [&](const message& m) { got.add(m); });
  b.start();
  auto pub = b.make_publisher(destination::stream("batched"));
  auto r = pub.publish_batch({"e0", "e1", "e2", "e3", "e4"}).get();
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->entry_ids.size(), 5u);
  EXPECT_EQ(r->entry_id, r->entry_ids.back());
  ASSERT_TRUE(this->settle([&] { return got.size() == 5; }));
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(got.items()[i].body, "e" + std::to_string(i));
    EXPECT_EQ(got.items()[i].entry_id, r->entry_ids[i]);
  }
  auto refused = b.make_publisher(destination::channel("c"))
                     .publish_batch({"a", "b"})
                     .get();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, make_error_code(errc::invalid_argument));
}

TYPED_TEST(stream_behaviour, get_one_reads_and_acks_one_entry) {
  auto& b = this->make();
  b.start();
  auto pub = b.make_publisher(destination::stream("pulled"));
  ASSERT_TRUE(pub.publish_batch({"e0", "e1"}).get());
  stream_sub sub{"pulled", "g", "c"};
  sub.last_id = "0";
  for (const char* body : {"e0", "e1"}) {
    auto got = b.get_one(sub, std::chrono::seconds{5});
    ASSERT_TRUE(got) << got.error().message();
    ASSERT_TRUE(got->has_value()) << "expected " << body;
    EXPECT_EQ((*got)->body(), body);
  }
  // The XACK went out as the read ended; it may still be on its way.
  EXPECT_TRUE(this->settle([&] { return this->pending("pulled", "g") == 0; }));
}

TYPED_TEST(stream_behaviour, reject_on_error_leaves_the_entry_pending) {
  auto& b = this->make();
  test::collector got;
  auto token = b.subscribe(stream_sub{"s", "g", "c"}, [&](const message& m) {
    got.add(m);
    if (m.body() == "bad")
      throw std::runtime_error("refused");
  });
  b.start();
  ASSERT_TRUE(b.publish(destination::stream("s"), "bad").get());
  ASSERT_TRUE(b.publish(destination::stream("s"), "good").get());
  EXPECT_TRUE(this->settle(
      [&] { return got.size() == 2 && this->pending("s", "g") == 1; }));
}

TYPED_TEST(stream_behaviour, ack_policy_acks_even_after_an_exception) {
  auto& b = this->make();
  test::collector got;
  stream_sub sub{"s", "g", "c"};
  sub.policy = ack_policy::ack;
  auto token = b.subscribe(sub, [&](const message& m) {
    got.add(m);
    throw std::runtime_error("refused");
  });
  b.start();
  ASSERT_TRUE(b.publish(destination::stream("s"), "x").get());
  EXPECT_TRUE(this->settle([&] {
    return token.counts().failed == 1 && this->pending("s", "g") == 0;
  }));
}

TYPED_TEST(stream_behaviour, manual_policy_acks_only_what_the_handler_acks) {
  auto& b = this->make();
  test::collector got;
  stream_sub sub{"s", "g", "c"};
  sub.policy = ack_policy::manual;
  auto token = b.subscribe(sub, [&](const message& m) {
    if (m.body() == "yes")
      m.ack();
    else
      m.nack();
    got.add(m);
  });
  b.start();
  for (auto body : {"yes", "no", "yes", "no", "no"})
    ASSERT_TRUE(b.publish(destination::stream("s"), body).get());
  EXPECT_TRUE(this->settle(
      [&] { return got.size() == 5 && this->pending("s", "g") == 3; }));
}

TYPED_TEST(stream_behaviour, noack_and_ack_first_leave_nothing_pending) {
  auto& b = this->make();
  stream_sub noack{"n", "g", "c"};
  noack.no_ack = true;
  stream_sub first{"f", "g", "c"};
  first.policy = ack_policy::ack_first;
  auto t1 = b.subscribe(noack, [](const message&) {});
  auto t2 = b.subscribe(first, [](const message&) {
    throw std::runtime_error("acked before, so not redelivered");
  });
  b.start();
  ASSERT_TRUE(b.publish(destination::stream("n"), "1").get());
  ASSERT_TRUE(b.publish(destination::stream("f"), "2").get());
  EXPECT_TRUE(this->settle([&] {
    return t1.counts().handled == 1 && t2.counts().failed == 1 &&
           this->pending("n", "g") == 0 && this->pending("f", "g") == 0;
  }));
}

TYPED_TEST(stream_behaviour, responses_go_to_publish_to_destinations) {
  auto& b = this->make();
  test::collector out;
  stream_sub sub{"in", "g", "c"};
  sub.publish_to = {destination::list("out"), destination::stream("audit")};
  auto t1 = b.subscribe(sub, [](const message& m) {
    response r{"seen:" + std::string(m.body())};
    r.headers = {{"x-step", "2"}};
    return r;
  });
  auto t2 = b.subscribe(list_sub{"out"}, [&](const message& m) { out.add(m); });
  b.start();
  publish_options opts;
  opts.correlation_id = "trace-1";
  ASSERT_TRUE(b.publish(destination::stream("in"), "x", opts).get());
  ASSERT_TRUE(this->settle([&] {
    return out.size() == 1 &&
           this->written(destination::stream("audit")).size() == 1;
  }));
  EXPECT_EQ(out.items().at(0).body, "seen:x");
  EXPECT_EQ(out.items().at(0).correlation_id, "trace-1");
  EXPECT_EQ(*find_header(out.items().at(0).headers, "x-step"), "2");
  EXPECT_EQ(this->written(destination::stream("audit")).at(0).body(), "seen:x");
}

} // namespace
