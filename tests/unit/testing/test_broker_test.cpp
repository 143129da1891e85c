// SPDX-License-Identifier: MIT
// What only the test broker does: running on demand, its records, its
// errors, and in-memory routing between several subscriptions. The
// behaviour it shares with a broker on Redis is in tests/behaviour/.
#include "redactor/testing/test_broker.hpp"

#include <optional>
#include <stdexcept>

#include <gtest/gtest.h>

#include "redactor/codec/wire_headers.hpp"
#include "redactor/rpc/redisrpc_client.hpp"
#include "redactor/rpc/redisrpc_server.hpp"

using namespace redactor;
using redactor::testing::handler_errors;
using redactor::testing::test_broker;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> bodies(const std::vector<message>& ms) {
  std::vector<std::string> out;
  for (auto& m : ms)
    out.emplace_back(m.body());
  return out;
}

TEST(test_broker, remote_strings_cannot_forge_log_lines) {
  std::vector<std::string> lines;
  broker_options options;
  options.log = [&](log_level, std::string_view line) {
    lines.emplace_back(line);
  };
  test_broker tb{options};
  auto sub = tb.subscribe(list_sub{"jobs"}, [](const message&) {});
  tb.start();
  publish_options forged;
  forged.correlation_id = "1\nredactor error: forged \x1b[31mline";
  set_header(forged.headers, wire_headers::deadline, "1");
  ASSERT_TRUE(tb.publish(destination::list("jobs"), "x", forged).get());
  tb.run_until_idle();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("dropped request 1\\nredactor error: forged "
                          "\\x1b[31mline"),
            std::string::npos)
      << lines[0];
}

TEST(test_broker, log_records_say_what_they_are_about) {
  struct seen {
    log_level level;
    std::string text, subscription, correlation_id, destination;
  };
  std::vector<seen> records;
  broker_options options;
  options.log = log_sink{[&](const log_record& r) {
                           records.push_back({r.level, std::string{r.text},
                                              std::string{r.subscription},
                                              std::string{r.correlation_id},
                                              std::string{r.destination}});
                         },
                         log_level::debug};
  test_broker tb{options};
  auto sub = tb.subscribe(list_sub{"jobs"}, [](const message& m) {
    if (m.body() == "bad")
      throw std::runtime_error("no");
    return std::string{"done"};
  });
  tb.start();
  publish_options cid;
  cid.correlation_id = "c-7";
  ASSERT_TRUE(tb.request(destination::list("jobs"), "good", 1s, cid).get());
  cid.correlation_id = "c-8";
  ASSERT_TRUE(tb.publish(destination::list("jobs"), "bad", cid).get());
  tb.run_until_idle(handler_errors::keep_going);
  auto find = [&](log_level level, const std::string& part) -> const seen* {
    for (auto& r : records)
      if (r.level == level && r.text.find(part) != std::string::npos)
        return &r;
    return nullptr;
  };
  // Per message, at debug: what came in, and where the reply went.
  auto* received = find(log_level::debug, "received 4 bytes");
  ASSERT_NE(received, nullptr);
  EXPECT_EQ(received->subscription, "list jobs");
  EXPECT_EQ(received->correlation_id, "c-7");
  auto* replied = find(log_level::debug, "sent the response");
  ASSERT_NE(replied, nullptr);
  EXPECT_EQ(replied->correlation_id, "c-7");
  EXPECT_FALSE(replied->destination.empty());
  auto* failed = find(log_level::error, "handler failed");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->subscription, "list jobs");
  EXPECT_EQ(failed->correlation_id, "c-8");
  // A text-only sink at the default level gets no debug lines.
  std::vector<std::string> lines;
  broker_options quiet;
  quiet.log = [&](log_level, std::string_view line) {
    lines.emplace_back(line);
  };
  test_broker tq{quiet};
  auto sub2 = tq.subscribe(list_sub{"jobs"}, [](const message&) {});
  tq.start();
  ASSERT_TRUE(tq.publish(destination::list("jobs"), "x").get());
  tq.run_until_idle();
  EXPECT_TRUE(lines.empty());
}

TEST(test_broker, nothing_runs_until_asked) {
  test_broker tb;
  int calls = 0;
  auto sub = tb.subscribe(list_sub{"jobs"}, [&](const message&) { ++calls; });
  tb.start();
  auto r = tb.publish(destination::list("jobs"), "a").get();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->count, 1); // the list's length, as RPUSH says
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(tb.run_until_idle(), 1u);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(tb.run_until_idle(), 0u);
}

TEST(test_broker, records_what_was_published_and_received) {
  test_broker tb;
  list_sub sub{"in"};
  sub.publish_to = {destination::channel("out")};
  auto token = tb.subscribe(
      sub, [](const message& m) { return "seen:" + std::string(m.body()); });
  tb.start();
  publish_options opts;
  opts.headers = {{"x-k", "v"}};
  ASSERT_TRUE(tb.publish(destination::list("in"), "a", opts).get());
  ASSERT_TRUE(tb.publish(destination::list("in"), "b").get());
  tb.run_until_idle();
  auto got = tb.received(token);
  EXPECT_EQ(bodies(got), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*got[0].header("x-k"), "v");
  EXPECT_EQ(got[0].source(), source_kind::list);
  EXPECT_EQ(bodies(tb.published(destination::list("in"))),
            (std::vector<std::string>{"a", "b"}));
  // Nobody listens on "out": lost, as Pub/Sub would lose it, but recorded.
  auto out = tb.published(destination::channel("out"));
  EXPECT_EQ(bodies(out), (std::vector<std::string>{"seen:a", "seen:b"}));
  EXPECT_EQ(out[0].correlation_id(), got[0].correlation_id());
  EXPECT_TRUE(tb.published(destination::stream("in")).empty());
}

TEST(test_broker, a_handler_exception_reaches_the_test) {
  test_broker tb;
  auto token = tb.subscribe(channel_sub{"c"}, [](const message& m) {
    if (m.body() == "bad")
      throw std::invalid_argument("bad input");
  });
  tb.start();
  ASSERT_TRUE(tb.publish(destination::channel("c"), "bad").get());
  ASSERT_TRUE(tb.publish(destination::channel("c"), "good").get());
  // Thrown once everything ran: "good" was handled too.
  EXPECT_THROW(tb.run_until_idle(), std::invalid_argument);
  EXPECT_EQ(token.counts().handled, 1u);
  EXPECT_EQ(token.counts().failed, 1u);
  EXPECT_NO_THROW(tb.run_until_idle());

  ASSERT_TRUE(tb.publish(destination::channel("c"), "bad").get());
  EXPECT_EQ(tb.run_until_idle(handler_errors::keep_going), 1u);
  EXPECT_EQ(token.counts().failed, 2u);
}

TEST(test_broker, requests_are_answered_before_they_return) {
  test_broker tb;
  auto echo = tb.subscribe(stream_sub{"svc", "g", "c"}, [](const message& m) {
    return "echo:" + std::string(m.body());
  });
  auto boom = tb.subscribe(list_sub{"boom"}, [](const message&) -> std::string {
    throw std::runtime_error("no such order");
  });
  tb.start();
  auto f = tb.request(destination::stream("svc"), "ping");
  ASSERT_EQ(f.wait_for(std::chrono::seconds{0}), std::future_status::ready);
  auto r = f.get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->body(), "echo:ping");

  auto failed = tb.request(destination::list("boom"), "x").get();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, make_error_code(errc::remote_error));
  EXPECT_EQ(failed.error().detail, "no such order");
  // The request's result carried it; it is not thrown again.
  EXPECT_NO_THROW(tb.run_until_idle());
  EXPECT_EQ(tb.requests().replied, 2u);
  EXPECT_EQ(tb.pending("svc", "g"), 0u);
}

TEST(test_broker, requests_without_a_reader_or_a_reply_fail_at_once) {
  test_broker tb;
  channel_sub quiet{"quiet"};
  quiet.no_reply = true;
  auto token = tb.subscribe(quiet, [](const message&) {});
  auto r = tb.request(destination::list("nobody"), "x").get();
  EXPECT_EQ(r.error().code, make_error_code(errc::not_running));
  tb.start();
  r = tb.request(destination::list("nobody"), "x").get();
  EXPECT_EQ(r.error().code, make_error_code(errc::no_subscriber));
  r = tb.request(destination::channel("quiet"), "x").get();
  EXPECT_EQ(r.error().code, make_error_code(errc::timeout));
  EXPECT_EQ(tb.requests().timed_out, 1u);
  EXPECT_EQ(tb.requests().pending, 0u);
}

TEST(test_broker, handlers_may_request_in_turn) {
  test_broker tb;
  auto prices = tb.subscribe(list_sub{"prices"}, [](const message& m) {
    return std::string(m.body()) == "apple" ? "3" : "0";
  });
  auto orders = tb.subscribe(list_sub{"orders"}, [&](const message& m) {
    auto price = tb.request(destination::list("prices"), m.body()).get();
    return "total:" + std::string(price.value().body());
  });
  tb.start();
  auto r = tb.request(destination::list("orders"), "apple").get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->body(), "total:3");
}

TEST(test_broker, requests_sharing_a_correlation_id_each_get_their_reply) {
  test_broker tb;
  std::optional<std::string> inner;
  auto prices = tb.subscribe(list_sub{"prices"}, [](const message& m) {
    return "price for " + std::string{m.body()};
  });
  auto orders = tb.subscribe(list_sub{"orders"}, [&](const message& m) {
    publish_options same;
    same.correlation_id = m.correlation_id();
    // Replies are matched by their reply channel, not by the id; and the
    // callback may call back into the broker (no lock is held).
    tb.request(destination::list("prices"), "x", std::chrono::seconds{1}, same,
               [&](result<message> r) {
                 inner = r ? std::string{r->body()} : r.error().message();
                 tb.run_until_idle(handler_errors::keep_going);
               });
    return std::string{"ordered"};
  });
  tb.start();
  publish_options outer;
  outer.correlation_id = "cid-1";
  auto r = tb.request(destination::list("orders"), "x", std::chrono::seconds{1},
                      outer)
               .get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->body(), "ordered");
  EXPECT_EQ(inner, "price for x");
}

TEST(test_broker, replies_on_other_names_under_the_inbox_are_late) {
  test_broker tb;
  auto svc = tb.subscribe(list_sub{"svc"}, [&](const message& m) {
    // "<inbox>.<n>" is the request's; "<inbox>.0<n>" and "<inbox>.<n>x"
    // name no channel of the inbox.
    const auto& to = m.reply_to();
    auto dot = to.rfind('.');
    tb.publish(
        destination::channel(to.substr(0, dot + 1) + "0" + to.substr(dot + 1)),
        "forged");
    tb.publish(destination::channel(to + "x"), "forged");
    return std::string{"real"};
  });
  tb.start();
  auto r = tb.request(destination::list("svc"), "x").get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->body(), "real");
  EXPECT_EQ(tb.requests().replied, 1u);
  EXPECT_EQ(tb.requests().late_replies, 2u);
}

TEST(test_broker, lists_keep_items_until_read_and_share_them_out) {
  test_broker tb;
  tb.start();
  ASSERT_TRUE(tb.publish(destination::list("q"), "early").get());
  EXPECT_EQ(tb.run_until_idle(), 0u);
  list_sub sub{"q"};
  sub.max_records = 1;
  auto a = tb.subscribe(sub, [](const message&) {});
  auto b = tb.subscribe(sub, [](const message&) {});
  for (auto body : {"1", "2", "3"})
    ASSERT_TRUE(tb.publish(destination::list("q"), body).get());
  EXPECT_EQ(tb.run_until_idle(), 4u);
  EXPECT_EQ(bodies(tb.received(a)), (std::vector<std::string>{"early", "2"}));
  EXPECT_EQ(bodies(tb.received(b)), (std::vector<std::string>{"1", "3"}));
}

TEST(test_broker, each_group_gets_each_entry_once) {
  test_broker tb;
  stream_sub one_by_one{"s", "billing", "c1"};
  one_by_one.max_records = 1;
  auto c1 = tb.subscribe(one_by_one, [](auto&) {});
  one_by_one.consumer = "c2";
  auto c2 = tb.subscribe(one_by_one, [](auto&) {});
  auto other = tb.subscribe(stream_sub{"s", "audit", "a1"}, [](auto&) {});
  auto plain = tb.subscribe(stream_sub{"s"}, [](auto&) {});
  tb.start();
  std::vector<std::string> ids;
  for (auto body : {"1", "2", "3", "4"})
    ids.push_back(tb.publish(destination::stream("s"), body).get()->entry_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"1-0", "2-0", "3-0", "4-0"}));
  tb.run_until_idle();
  EXPECT_EQ(bodies(tb.received(c1)), (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(bodies(tb.received(c2)), (std::vector<std::string>{"2", "4"}));
  EXPECT_EQ(bodies(tb.received(other)),
            (std::vector<std::string>{"1", "2", "3", "4"}));
  EXPECT_EQ(bodies(tb.received(plain)),
            (std::vector<std::string>{"1", "2", "3", "4"}));
  EXPECT_EQ(tb.received(plain)[3].entry_id(), "4-0");
}

TEST(test_broker, patterns_match_as_psubscribe_does) {
  test_broker tb;
  auto sub = tb.subscribe(channel_sub{"orders.{region}"}, [](auto&) {});
  auto any = tb.subscribe(channel_sub{"*.eu"}, [](auto&) {});
  tb.start();
  EXPECT_EQ(tb.publish(destination::channel("orders.eu"), "x").get()->count, 2);
  EXPECT_EQ(tb.publish(destination::channel("order.us"), "x").get()->count, 0);
  tb.run_until_idle();
  ASSERT_EQ(tb.received(sub).size(), 1u);
  EXPECT_EQ(tb.received(sub)[0].path_param("region"), "eu");
  EXPECT_EQ(tb.received(any).size(), 1u);
}

TEST(test_broker, injected_bytes_are_decoded_like_foreign_ones) {
  test_broker tb;
  auto sub = tb.subscribe(list_sub{"raw"}, [](auto&) {});
  tb.start();
  ASSERT_TRUE(tb.inject(destination::list("raw"),
                        R"({"data":"hi","headers":{"correlation_id":"c"}})"));
  ASSERT_TRUE(tb.inject(destination::list("raw"), "plain bytes"));
  tb.run_until_idle();
  auto got = tb.received(sub);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body(), "hi");
  EXPECT_EQ(got[0].correlation_id(), "c");
  EXPECT_EQ(got[1].body(), "plain bytes");
}

TEST(test_broker, foreign_tokens_and_redisrpc_are_refused) {
  test_broker tb;
  EXPECT_THROW(tb.received(subscription_token{}), error);
  EXPECT_THROW(rpc::redisrpc_client(tb, "calc"), error);
  EXPECT_THROW(
      (void)rpc::serve_redisrpc(tb, "calc", std::make_shared<rpc::registry>()),
      error);
}

TEST(test_broker, stop_ends_delivery) {
  test_broker tb;
  auto sub = tb.subscribe(channel_sub{"c"}, [](auto&) {});
  tb.start();
  EXPECT_TRUE(sub.active());
  EXPECT_TRUE(tb.health().healthy);
  ASSERT_TRUE(tb.publish(destination::channel("c"), "x").get());
  tb.stop();
  EXPECT_FALSE(sub.active());
  EXPECT_EQ(tb.run_until_idle(), 0u);
  EXPECT_EQ(tb.publish(destination::channel("c"), "x").get().error().code,
            make_error_code(errc::not_running));
}

} // namespace
