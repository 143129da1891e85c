// SPDX-License-Identifier: MIT
// Stream subscriptions on Redis only: one XACK per batch, reclaim, dead
// letters, group re-creation, trimming, graceful stop. The rest runs on
// both backends in tests/behaviour/stream_test.cpp.
#include <atomic>
#include <thread>

#include "redactor/codec/payload.hpp"
#include "support/broker_test.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

class stream_fixture : public test::broker_test {
 protected:
  std::string add(std::string_view stream, std::string_view body) {
    auto r = command({"XADD", stream, "*", "__data__", body});
    return r && r->type == REDIS_REPLY_STRING ? std::string(r->str, r->len)
                                              : std::string{};
  }
};

using broker_stream = stream_fixture;

TEST_F(broker_stream, batch_handler_and_one_xack_per_batch) {
  for (int i = 0; i < 12; ++i)
    add("bs", std::to_string(i));
  command({"CONFIG", "RESETSTAT"});
  broker b{options()};
  std::atomic<std::size_t> total{0};
  stream_sub sub{"bs", "g", "c"};
  sub.last_id = "0";
  sub.max_records = 5;
  auto token = b.subscribe(sub, [&](const std::vector<message>& ms) {
    EXPECT_LE(ms.size(), 5u);
    total += ms.size();
  });
  b.start();
  ASSERT_TRUE(test::eventually([&] { return total == 12; }));
  EXPECT_TRUE(test::eventually([&] { return pending("bs", "g") == 0; }));
  auto stats = command({"INFO", "commandstats"});
  std::string info(stats->str, stats->len);
  auto at = info.find("cmdstat_xack:calls=");
  ASSERT_NE(at, std::string::npos);
  EXPECT_LE(std::stol(info.substr(at + 19)), 3); // 12 entries, batches of 5
}

TEST_F(broker_stream, a_batch_trims_with_each_entry_and_says_what_failed) {
  broker b{options()};
  b.start();
  auto trimmed = b.make_publisher(destination::stream("capped", 3, true));
  auto r = trimmed.publish_batch({"a", "b", "c", "d", "e"}).get();
  ASSERT_TRUE(r) << r.error().message();
  auto kept = command({"XRANGE", "capped", "-", "+"});
  ASSERT_EQ(kept->elements, 3u);
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_EQ(std::string(kept->element[i]->element[0]->str),
              r->entry_ids[i + 2]);
  command({"SET", "not-a-stream", "x"});
  auto wrong = b.make_publisher(destination::stream("not-a-stream"))
                   .publish_batch({"a", "b"})
                   .get();
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, make_error_code(errc::refused));
  EXPECT_NE(wrong.error().detail.find("entry 1 of 2; 0 went in before it"),
            std::string::npos)
      << wrong.error().detail;
}

TEST_F(broker_stream, a_lost_group_is_created_again) {
  test::collector got;
  broker b{options()};
  auto token = b.subscribe(stream_sub{"s", "g", "c"},
                           [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::stream("s"), "before").get());
  ASSERT_TRUE(got.wait_for(1));
  command({"DEL", "s"}); // the group goes with the stream
  ASSERT_TRUE(b.publish(destination::stream("s"), "after").get());
  ASSERT_TRUE(got.wait_for(2, 5s));
  EXPECT_EQ(got.items().at(1).body, "after");
}

TEST_F(broker_stream, idle_entries_of_a_dead_consumer_are_reclaimed) {
  command({"XGROUP", "CREATE", "jobs", "g", "$", "MKSTREAM"});
  for (int i = 0; i < 3; ++i)
    add("jobs", "j" + std::to_string(i));
  // A consumer that read them and died.
  command({"XREADGROUP", "GROUP", "g", "ghost", "COUNT", "10", "STREAMS",
           "jobs", ">"});
  test::collector got;
  broker b{options()};
  stream_sub sub{"jobs", "g", "live"};
  sub.min_idle_time = 100ms;
  auto token = b.subscribe(sub, [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(got.wait_for(3));
  EXPECT_TRUE(test::eventually([&] { return pending("jobs", "g") == 0; }));
}

/// Each entry's fields, as name, value, name, value...
std::vector<std::vector<std::string>> entries_of(const test::reply_ptr& r) {
  std::vector<std::vector<std::string>> out;
  for (std::size_t i = 0; r && i < r->elements; ++i) {
    auto* fields = r->element[i]->element[1];
    out.emplace_back();
    for (std::size_t k = 0; k < fields->elements; ++k)
      out.back().emplace_back(fields->element[k]->str, fields->element[k]->len);
  }
  return out;
}

/// The value of the first field called `name`, or "".
std::string field(const std::vector<std::string>& fields,
                  std::string_view name) {
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2)
    if (fields[i] == name)
      return fields[i + 1];
  return {};
}

TEST_F(broker_stream,
       entries_delivered_too_often_go_to_the_dead_letter_stream) {
  broker b{options()};
  std::atomic<int> attempts{0};
  stream_sub sub{"pay", "g", "c"};
  sub.min_idle_time = 50ms;
  sub.max_deliveries = 2;
  auto token = b.subscribe(sub, [&](const message&) {
    ++attempts;
    throw std::runtime_error("always fails");
  });
  b.start();
  publish_options opts;
  opts.correlation_id = "poison";
  ASSERT_TRUE(b.publish(destination::stream("pay"), "poison-body", opts).get());
  ASSERT_TRUE(test::eventually([&] {
    return integer({"XLEN", "pay:dead-letter"}) == 1;
  }));
  EXPECT_TRUE(test::eventually([&] { return pending("pay", "g") == 0; }));
  EXPECT_EQ(attempts.load(), 2);
  EXPECT_TRUE(
      test::eventually([&] { return token.counts().dead_lettered == 1; }));
  EXPECT_NE(b.metrics_text().find("redactor_dead_lettered_total{app_name="
                                  "\"redactor\",broker=\"redis\",handler="
                                  "\"pay\"} 1\n"),
            std::string::npos);
  // The entry as it was, byte for byte, with the reason beside it.
  auto original = command({"XRANGE", "pay", "-", "+"});
  auto moved = entries_of(command({"XRANGE", "pay:dead-letter", "-", "+"}));
  ASSERT_EQ(moved.size(), 1u);
  auto& fields = moved[0];
  ASSERT_GE(fields.size(), 2u);
  EXPECT_EQ(fields[0], "__data__");
  EXPECT_EQ(fields[1],
            std::string(original->element[0]->element[1]->element[1]->str,
                        original->element[0]->element[1]->element[1]->len));
  auto decoded = decode_payload(fields[1]);
  EXPECT_EQ(decoded.body, "poison-body");
  EXPECT_EQ(decoded.correlation_id, "poison");
  EXPECT_EQ(field(fields, "x-original-id"),
            original->element[0]->element[0]->str);
  EXPECT_EQ(field(fields, "x-original-stream"), "pay");
  EXPECT_EQ(field(fields, "x-original-group"), "g");
  EXPECT_NE(field(fields, "x-dead-letter-reason").find("max_deliveries 2"),
            std::string::npos);
}

TEST_F(broker_stream, any_entry_can_be_dead_lettered) {
  // Neither can be re-encoded as a frame: a legacy JSON envelope with a
  // header over 65,535 bytes, and an entry of foreign fields.
  std::string envelope = R"({"data": "body", "headers": {"big": ")" +
                         std::string(70000, 'x') + R"("}})";
  command({"XADD", "pay", "*", "__data__", envelope});
  command({"XADD", "pay", "*", "order", "42", "state", "new"});
  broker b{options()};
  stream_sub sub{"pay", "g", "c"};
  sub.last_id = "0";
  sub.min_idle_time = 50ms;
  sub.max_deliveries = 1;
  auto token = b.subscribe(
      sub, [&](const message&) { throw std::runtime_error("always fails"); });
  b.start();
  ASSERT_TRUE(
      test::eventually([&] { return token.counts().dead_lettered == 2; }));
  EXPECT_TRUE(test::eventually([&] { return pending("pay", "g") == 0; }));
  auto moved = entries_of(command({"XRANGE", "pay:dead-letter", "-", "+"}));
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(field(moved[0], "__data__"), envelope);
  EXPECT_EQ(field(moved[1], "order"), "42");
  EXPECT_EQ(field(moved[1], "state"), "new");
  EXPECT_NE(field(moved[1], "x-dead-letter-reason"), "");
}

TEST_F(broker_stream, maxlen_trims_approximately_or_exactly) {
  broker b{options()};
  b.start();
  auto exact = b.make_publisher(destination::stream("exact", 10, true));
  for (int i = 0; i < 40; ++i)
    ASSERT_TRUE(exact.publish("x").get());
  EXPECT_EQ(integer({"XLEN", "exact"}), 10);
  auto approx = b.make_publisher(destination::stream("approx", 10));
  for (int i = 0; i < 300; ++i)
    ASSERT_TRUE(approx.publish("x").get());
  EXPECT_LT(integer({"XLEN", "approx"}), 300);
}

} // namespace

namespace {

TEST_F(broker_stream, stop_leaves_unfinished_entries_pending_for_the_next_run) {
  for (int i = 0; i < 5; ++i)
    add("slow", "s" + std::to_string(i));
  stream_sub sub{"slow", "g", "c"};
  sub.last_id = "0";
  std::atomic<int> handled{0};
  {
    broker b{options()};
    auto token = b.subscribe(sub, [&](const message&) {
      std::this_thread::sleep_for(200ms);
      ++handled;
    });
    b.start();
    ASSERT_TRUE(test::eventually([&] { return handled >= 1; }));
    b.stop();
  }
  auto first_run = handled.load();
  EXPECT_LT(first_run, 5);
  EXPECT_EQ(pending("slow", "g"), 5 - first_run);
  // The same consumer starts again and reads its own pending entries first.
  test::collector got;
  broker b{options()};
  auto token = b.subscribe(sub, [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(got.wait_for(static_cast<std::size_t>(5 - first_run)));
  EXPECT_TRUE(test::eventually([&] { return pending("slow", "g") == 0; }));
}

TEST_F(broker_stream, a_reconnected_consumer_reads_its_own_pending_first) {
  // A second user keeps the right to read while the broker's is revoked.
  command({"ACL", "SETUSER", "tester", "on", ">pw", "~*", "&*", "+@all"});
  auto* tester = redisConnect("127.0.0.1", server().port());
  ASSERT_TRUE(tester != nullptr && tester->err == 0);
  freeReplyObject(redisCommand(tester, "AUTH tester pw"));
  test::collector got;
  broker b{options()};
  auto token = b.subscribe(stream_sub{"strand", "g", "c"},
                           [&](const message& m) { got.add(m); });
  b.start();
  command({"ACL", "SETUSER", "default", "-xreadgroup"});
  // Once its blocked read returned, the broker's reads are refused.
  ASSERT_TRUE(test::eventually([&] {
    auto clients = command({"CLIENT", "LIST"});
    return std::string(clients->str, clients->len).find("flags=b") ==
           std::string::npos;
  }));
  // What a reply lost with its connection leaves behind: an entry handed to
  // consumer c that c never saw.
  add("strand", "lost");
  freeReplyObject(
      redisCommand(tester, "XREADGROUP GROUP g c COUNT 10 STREAMS strand >"));
  EXPECT_EQ(pending("strand", "g"), 1);
  command({"ACL", "SETUSER", "default", "+xreadgroup"});
  // The broker's connections drop and come back.
  command({"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"});
  ASSERT_TRUE(got.wait_for(1, 5s));
  EXPECT_EQ(got.bodies(), std::vector<std::string>{"lost"});
  EXPECT_TRUE(test::eventually([&] { return pending("strand", "g") == 0; }));
  redisFree(tester);
  command({"ACL", "DELUSER", "tester"});
}

} // namespace
