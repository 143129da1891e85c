// SPDX-License-Identifier: MIT
// Redis refusing a reader's commands (WRONGTYPE, OOM, revoked ACL
// permissions): the subscription, or the RPC inbox, is unhealthy with
// Redis's words, the refusal is logged once per episode and counted, start()
// fails when the set-up itself is refused, and reading resumes once Redis
// allows it.
#include <mutex>

#include "support/broker_test.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

class refused_test : public test::broker_test {
 protected:
  void SetUp() override {
    broker_test::SetUp();
    command(
        {"ACL", "SETUSER", "app", "reset", "on", ">pw", "~*", "&*", "+@all"});
  }

  void TearDown() override {
    command({"CONFIG", "SET", "maxmemory", "0"});
    command({"ACL", "DELUSER", "app"});
    broker_test::TearDown();
  }

  /// The broker logs in as "app", whose rights the test takes away.
  broker_options app_options() {
    auto opts = options();
    opts.connection.user = "app";
    opts.connection.password = "pw";
    opts.log = [this](log_level, std::string_view line) {
      std::lock_guard<std::mutex> guard{mtx_};
      lines_.emplace_back(line);
    };
    return opts;
  }

  /// Log lines holding `text`.
  std::size_t logged(std::string_view text) {
    std::lock_guard<std::mutex> guard{mtx_};
    std::size_t n = 0;
    for (auto& line : lines_)
      n += line.find(text) != std::string::npos ? 1 : 0;
    return n;
  }

  /// The value of redactor_connection_refused_commands_total for `name`.
  static long long refused(broker& b, const std::string& name) {
    auto text = b.metrics_text();
    auto series = "redactor_connection_refused_commands_total{app_name="
                  "\"redactor\",broker=\"redis\",connection=\"" +
                  name + "\"} ";
    auto at = text.find(series);
    return at == std::string::npos
               ? -1
               : std::stoll(text.substr(at + series.size()));
  }

 private:
  std::mutex mtx_;
  std::vector<std::string> lines_;
};

TEST_F(refused_test, a_list_of_the_wrong_type_is_not_read_and_says_why) {
  command({"SET", "jobs", "a string"});
  test::collector got;
  broker b{app_options()};
  auto token =
      b.subscribe(list_sub{"jobs"}, [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(test::eventually([&] { return refused(b, "list jobs") >= 2; }));
  auto health = b.health();
  EXPECT_FALSE(health.healthy);
  EXPECT_NE(health.reason.find("list jobs: not reading"), std::string::npos)
      << health.reason;
  EXPECT_NE(health.reason.find("WRONGTYPE"), std::string::npos)
      << health.reason;
  EXPECT_FALSE(token.active());
  // Two refusals, one episode: one line.
  EXPECT_EQ(logged("WRONGTYPE"), 1u);

  command({"DEL", "jobs"});
  command({"RPUSH", "jobs", "after"});
  ASSERT_TRUE(got.wait_for(1, 5s));
  EXPECT_TRUE(test::eventually([&] { return b.health().healthy; }))
      << b.health().reason;
  EXPECT_EQ(logged("reading again"), 1u);
}

TEST_F(refused_test, out_of_memory_is_not_mistaken_for_a_lost_group) {
  test::collector got;
  broker b{app_options()};
  auto token = b.subscribe(stream_sub{"orders", "g", "c"},
                           [&](const message& m) { got.add(m); });
  b.start();
  EXPECT_TRUE(b.health().healthy) << b.health().reason;
  // The group goes; Redis then refuses to make it again.
  command({"CONFIG", "SET", "maxmemory", "1"});
  command({"XGROUP", "DESTROY", "orders", "g"});
  ASSERT_TRUE(test::eventually(
      [&] { return refused(b, "stream orders group g") >= 2; }));
  auto health = b.health();
  EXPECT_FALSE(health.healthy);
  EXPECT_NE(health.reason.find("XGROUP CREATE: OOM"), std::string::npos)
      << health.reason;
  EXPECT_EQ(logged("is gone; creating it again"), 1u);
  EXPECT_EQ(logged("OOM"), 1u);

  command({"CONFIG", "SET", "maxmemory", "0"});
  command({"XADD", "orders", "*", "__data__", "after"});
  ASSERT_TRUE(got.wait_for(1, 5s));
  EXPECT_TRUE(test::eventually([&] { return b.health().healthy; }))
      << b.health().reason;
}

TEST_F(refused_test, a_refused_setup_fails_start) {
  command({"CONFIG", "SET", "maxmemory", "1"});
  broker b{app_options()};
  auto token =
      b.subscribe(stream_sub{"orders", "g", "c"}, [](const message&) {});
  try {
    b.start();
    FAIL() << "started although Redis refused XGROUP CREATE";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), errc::refused);
    EXPECT_NE(std::string{e.what()}.find("OOM"), std::string::npos) << e.what();
  }
}

TEST_F(refused_test, the_reply_inbox_without_channel_rights) {
  // At start: an error, not a broker whose requests all time out.
  command({"ACL", "SETUSER", "app", "resetchannels"});
  {
    broker b{app_options()};
    try {
      b.start();
      FAIL() << "started without a reply inbox";
    } catch (const error& e) {
      EXPECT_EQ(e.code(), errc::refused);
      EXPECT_NE(std::string{e.what()}.find("NOPERM"), std::string::npos)
          << e.what();
    }
  }
  // At runtime: unhealthy while refused, healthy once allowed again.
  command({"ACL", "SETUSER", "app", "&*"});
  broker b{app_options()};
  b.start();
  EXPECT_TRUE(b.health().healthy) << b.health().reason;
  command({"ACL", "SETUSER", "app", "resetchannels"});
  command({"CLIENT", "KILL", "USER", "app"});
  ASSERT_TRUE(test::eventually([&] { return !b.health().healthy; }));
  ASSERT_TRUE(test::eventually([&] {
    return b.health().reason.find("rpc-inbox: not reading") !=
               std::string::npos &&
           b.health().reason.find("NOPERM") != std::string::npos;
  })) << b.health().reason;
  EXPECT_GE(logged("RPC reply inbox: not subscribed"), 1u);
  command({"ACL", "SETUSER", "app", "&*"});
  EXPECT_TRUE(test::eventually([&] { return b.health().healthy; }, 5s))
      << b.health().reason;
}

} // namespace
