// SPDX-License-Identifier: MIT
// List subscriptions and descriptor checks, on Redis and on the test
// broker. Concurrency (max_workers) and graceful stop exist on Redis
// only: tests/redis/broker_list_test.cpp.
#include <atomic>

#include "behaviour/backends.hpp"

using namespace redactor;

namespace {

template <class Backend>
class list_behaviour : public Backend {};

TYPED_TEST_SUITE(list_behaviour, test::backends, test::backend_index);

TYPED_TEST(list_behaviour, handles_items_in_order) {
  auto& b = this->make();
  test::collector got;
  auto token =
      b.subscribe(list_sub{"jobs"}, [&](const message& m) { got.add(m); });
  b.start();
  auto pub = b.make_publisher(destination::list("jobs"));
  for (int i = 0; i < 25; ++i) {
    auto r = pub.publish(std::to_string(i)).get();
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_GE(r->count, 1); // the list length after RPUSH
  }
  ASSERT_TRUE(this->settle([&] { return got.size() == 25; }));
  auto bodies = got.bodies();
  for (int i = 0; i < 25; ++i)
    EXPECT_EQ(bodies[i], std::to_string(i));
}

TYPED_TEST(list_behaviour, messages_over_the_size_limit_are_refused_unread) {
  auto& b = this->make([](broker_options& o) { o.max_message_bytes = 1000; });
  test::collector got;
  auto token =
      b.subscribe(list_sub{"jobs"}, [&](const message& m) { got.add(m); });
  b.start();
  this->inject(destination::list("jobs"), std::string(1001, 'x'));
  this->inject(destination::list("jobs"), "small");
  ASSERT_TRUE(this->settle([&] { return got.size() == 1; }));
  EXPECT_EQ(got.bodies(), std::vector<std::string>{"small"});
  EXPECT_EQ(token.counts().oversized, 1u);
  EXPECT_EQ(token.counts().received, 2u);
  auto r = b.publish(destination::list("jobs"), std::string(1000, 'x')).get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, make_error_code(errc::invalid_argument));
  EXPECT_NE(r.error().detail.find("max_message_bytes"), std::string::npos);
}

TYPED_TEST(list_behaviour, counts_keep_their_final_values_after_stop) {
  auto& b = this->make();
  auto token = b.subscribe(list_sub{"counted"}, [](const message&) {});
  b.start();
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(b.publish(destination::list("counted"), "x").get());
  ASSERT_TRUE(this->settle([&] { return token.counts().handled == 3; }));
  b.stop();
  EXPECT_EQ(token.counts().received, 3u);
  EXPECT_EQ(token.counts().handled, 3u);
}

TYPED_TEST(list_behaviour, a_nacked_item_goes_back_to_the_head_of_the_list) {
  auto& b = this->make();
  test::collector got;
  std::atomic<int> first_tries{0};
  auto token = b.subscribe(list_sub{"retried"}, [&](const message& m) {
    got.add(m);
    if (m.body() == "first" && first_tries++ == 0)
      m.nack();
  });
  b.start();
  auto pub = b.make_publisher(destination::list("retried"));
  ASSERT_TRUE(pub.publish_batch({"first", "second"}).get());
  ASSERT_TRUE(this->settle([&] { return got.size() == 3; }));
  EXPECT_EQ(got.bodies(),
            (std::vector<std::string>{"first", "second", "first"}));
  EXPECT_EQ(token.counts().handled, 3u);
}

TYPED_TEST(list_behaviour, popping_from_the_right_reads_and_gives_back_there) {
  auto& b = this->make();
  test::collector got;
  std::atomic<int> newest_tries{0};
  list_sub sub{"lpushed"};
  sub.pop_from = list_end::right;
  auto token = b.subscribe(sub, [&](const message& m) {
    got.add(m);
    if (m.body() == "newest" && newest_tries++ == 0)
      m.nack();
  });
  b.start();
  auto pub = b.make_publisher(destination::list("lpushed"));
  // One RPUSH: the tail ("newest") is what the right end gives first, and
  // the nacked item goes back to the tail, to be read next.
  ASSERT_TRUE(pub.publish_batch({"oldest", "newest"}).get());
  ASSERT_TRUE(this->settle([&] { return got.size() == 3; }));
  EXPECT_EQ(got.bodies(),
            (std::vector<std::string>{"newest", "oldest", "newest"}));
}

TYPED_TEST(list_behaviour, get_one_pulls_items_one_at_a_time_in_order) {
  auto& b = this->make();
  auto early = b.get_one(list_sub{"pulled"}, std::chrono::milliseconds{10});
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, make_error_code(errc::not_running));
  b.start();
  ASSERT_TRUE(b.make_publisher(destination::list("pulled"))
                  .publish_batch({"a", "b", "c"})
                  .get());
  for (const char* body : {"a", "b", "c"}) {
    auto got = b.get_one(list_sub{"pulled"}, std::chrono::seconds{5});
    ASSERT_TRUE(got) << got.error().message();
    ASSERT_TRUE(got->has_value()) << "expected " << body;
    EXPECT_EQ((*got)->body(), body);
  }
  auto none = b.get_one(list_sub{"pulled"}, std::chrono::milliseconds{200});
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
}

TYPED_TEST(list_behaviour, batch_handler_gets_up_to_max_records) {
  auto& b = this->make();
  std::mutex mtx;
  std::vector<std::size_t> sizes;
  std::atomic<std::size_t> total{0};
  list_sub sub{"batch"};
  sub.max_records = 4;
  auto token = b.subscribe(sub, [&](const std::vector<message>& ms) {
    std::lock_guard<std::mutex> guard{mtx};
    sizes.push_back(ms.size());
    total += ms.size();
  });
  std::vector<std::string> bodies;
  for (int i = 0; i < 10; ++i)
    bodies.push_back("b" + std::to_string(i));
  b.start();
  auto r =
      b.make_publisher(destination::list("batch")).publish_batch(bodies).get();
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_TRUE(this->settle([&] { return total == 10; }));
  std::lock_guard<std::mutex> guard{mtx};
  for (auto n : sizes)
    EXPECT_LE(n, 4u);
}

TYPED_TEST(list_behaviour, validation_errors_are_thrown_at_subscribe) {
  auto& b = this->make();
  list_sub sub{""};
  EXPECT_THROW((void)b.subscribe(sub, [](const message&) {}), error);
  list_sub zero{"x"};
  zero.max_records = 0;
  EXPECT_THROW((void)b.subscribe(zero, [](const message&) {}), error);
  stream_sub half{"s"};
  half.group = "g";
  EXPECT_THROW((void)b.subscribe(half, [](const message&) {}), error);
  EXPECT_THROW(
      (void)b.subscribe(channel_sub{"c"}, [](const std::vector<message>&) {}),
      error);
}

} // namespace
