// SPDX-License-Identifier: MIT
// Replies lost in flight (a proxy under the test's control drops what
// Redis answers, then the link breaks): what each command_delivery mode
// delivers, duplicates and loses, and that one thread's publishes keep
// their order.
#include <future>

#include "redactor/codec/payload.hpp"

#include "support/broker_test.hpp"
#include "support/fault_proxy.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

class lost_reply_test : public test::broker_test {
 protected:
  /// Publishes a0..a49, then b0..b49 whose replies the proxy drops after
  /// Redis ran them all, breaks the link, then publishes c0..c49. Returns
  /// how each b publish ended.
  std::vector<result<publish_result>>
  publish_through_a_lost_reply(command_delivery mode) {
    test::fault_proxy proxy{server().port()};
    auto opts = options();
    opts.connection = connection_options::from_url(proxy.url());
    opts.delivery = mode;
    broker b{opts};
    b.start();
    auto jobs = destination::list("jobs");
    for (int i = 0; i < 50; ++i)
      EXPECT_TRUE(b.publish(jobs, "a" + std::to_string(i)).get());
    proxy.drop_replies(true);
    std::vector<std::future<result<publish_result>>> lost;
    for (int i = 0; i < 50; ++i)
      lost.push_back(b.publish(jobs, "b" + std::to_string(i)));
    // Redis ran every b; none of its answers got through.
    EXPECT_TRUE(test::eventually([&] {
      return integer({"LLEN", "jobs"}) == 100 && proxy.dropped_lines() == 50;
    }));
    proxy.drop_replies(false);
    proxy.cut();
    // The c publishes go out once the command connection is back.
    EXPECT_TRUE(test::eventually([&] {
      return b.metrics_text().find(
                 "redactor_connection_reconnects_total{app_name=\"redactor\","
                 "broker=\"redis\",connection=\"commands\",role=\"master\"} "
                 "1\n") != std::string::npos;
    }));
    for (int i = 0; i < 50; ++i)
      EXPECT_TRUE(b.publish(jobs, "c" + std::to_string(i)).get());
    std::vector<result<publish_result>> out;
    for (auto& f : lost)
      out.push_back(f.get());
    return out;
  }

  static std::vector<std::string> run_of(char prefix) {
    std::vector<std::string> out;
    for (int i = 0; i < 50; ++i)
      out.push_back(prefix + std::to_string(i));
    return out;
  }

  static std::string
  joined(std::initializer_list<std::vector<std::string>> runs) {
    std::string out;
    for (auto& r : runs)
      for (auto& body : r)
        out += (out.empty() ? "" : " ") + body;
    return out;
  }

  /// The list's items' bodies, head first, space-separated.
  std::string bodies(const std::string& key) {
    std::string out;
    for (auto& item : list_items(key))
      out += (out.empty() ? "" : " ") + decode_payload(item).body;
    return out;
  }
};

TEST_F(lost_reply_test, at_least_once_resends_and_duplicates_only_the_lost) {
  auto lost = publish_through_a_lost_reply(command_delivery::at_least_once);
  for (auto& r : lost)
    EXPECT_TRUE(r) << r.error().message();
  // Every b ran twice (Redis had run it; its answer was lost), in order,
  // ahead of everything published after the break.
  EXPECT_EQ(bodies("jobs"),
            joined({run_of('a'), run_of('b'), run_of('b'), run_of('c')}));
}

TEST_F(lost_reply_test, at_most_once_fails_the_lost_and_runs_nothing_twice) {
  auto lost = publish_through_a_lost_reply(command_delivery::at_most_once);
  for (auto& r : lost) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, errc::connection_lost);
  }
  EXPECT_EQ(bodies("jobs"), joined({run_of('a'), run_of('b'), run_of('c')}));
}

} // namespace
