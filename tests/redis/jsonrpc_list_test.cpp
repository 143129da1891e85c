// SPDX-License-Identifier: MIT
// JSON-RPC 2.0 over lists as the list convention speaks it (bare requests
// LPUSHed, answers RPUSHed onto the list named by the id): serve_jsonrpc
// driven with raw bytes, and jsonrpc_client against the convention's
// Python server (tests/interop/jsonrpc_list_server.py, python3-redis). The
// Ruby client against redactor-calc-server is in tests/apps.
#include <algorithm>
#include <mutex>

#include <boost/json.hpp>

#include "redactor/rpc/jsonrpc_client.hpp"
#include "redactor/rpc/jsonrpc_server.hpp"
#include "support/broker_test.hpp"
#include "support/child_process.hpp"

using namespace redactor;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

class jsonrpc_list_test : public test::broker_test {
 protected:
  /// LPUSHes a bare request onto `list` and pops the answer from the list
  /// its id names.
  json::value raw_call(std::string_view request, std::string_view reply_list,
                       std::string_view list = "jq") {
    command({"LPUSH", list, request});
    auto r = command({"BRPOP", reply_list, "5"});
    if (!r || r->type != REDIS_REPLY_ARRAY)
      return "(no answer)";
    return json::parse(
        std::string_view{r->element[1]->str, r->element[1]->len});
  }

  /// Every log line so far that contains `what`.
  bool said(std::string_view what) {
    std::lock_guard<std::mutex> guard{lines_mutex_};
    return std::any_of(lines_.begin(), lines_.end(), [&](const std::string& l) {
      return l.find(what) != std::string::npos;
    });
  }

  broker_options logged_options() {
    auto opts = options();
    opts.log = [this](log_level, std::string_view line) {
      std::lock_guard<std::mutex> guard{lines_mutex_};
      lines_.emplace_back(line);
    };
    return opts;
  }

 private:
  std::mutex lines_mutex_;
  std::vector<std::string> lines_;
};

std::shared_ptr<rpc::registry> methods() {
  auto m = std::make_shared<rpc::registry>();
  m->add_typed("add", {"a", "b"}, [](double a, double b) { return a + b; });
  m->add_typed("echo", {"value"}, [](json::value v) { return v; });
  return m;
}

/// The convention's Python server on `list` until destroyed.
test::background_child python_server(int port, const std::string& list) {
  return test::background_child{
      {REDACTOR_PYTHON,
       std::string{REDACTOR_INTEROP_DIR} + "/jsonrpc_list_server.py", "--port",
       std::to_string(port), "--list", list},
      true};
}

} // namespace

TEST_F(jsonrpc_list_test,
       bare_requests_are_answered_on_the_list_their_id_names) {
  broker b{options()};
  auto token = rpc::serve_jsonrpc(b, "jq", methods());
  b.start();
  EXPECT_EQ(raw_call(R"({"jsonrpc":"2.0","id":"r1","method":"add",)"
                     R"("params":[1,2]})",
                     "r1"),
            json::parse(R"({"jsonrpc":"2.0","result":3.0,"id":"r1"})"));
  EXPECT_EQ(raw_call(R"({"jsonrpc":"2.0","id":7,"method":"nope"})", "7")
                .at("error")
                .at("code"),
            -32601);
  // A batch: one array on the list of its first response's id; the
  // notification in it runs and says nothing.
  EXPECT_EQ(raw_call(R"([{"jsonrpc":"2.0","method":"add","params":[1,1]},)"
                     R"({"jsonrpc":"2.0","id":"b1","method":"echo",)"
                     R"("params":["x"]},{"jsonrpc":"2.0","id":"b2",)"
                     R"("method":"add","params":{"a":1,"b":2}}])",
                     "b1"),
            json::parse(R"([{"jsonrpc":"2.0","result":"x","id":"b1"},)"
                        R"({"jsonrpc":"2.0","result":3.0,"id":"b2"}])"));
  // The answer's list expires, whoever pops it or not.
  command({"LPUSH", "jq",
           R"({"jsonrpc":"2.0","id":"kept","method":"echo",)"
           R"("params":[1]})"});
  ASSERT_TRUE(test::eventually([&] {
    return integer({"EXISTS", "kept"}) == 1;
  }));
  auto ttl = integer({"TTL", "kept"});
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 10);
  EXPECT_EQ(token.counts().failed, 1u); // the unknown method
}

TEST_F(jsonrpc_list_test, framed_and_bare_requests_share_one_list) {
  broker b{options()};
  auto token = rpc::serve_jsonrpc(b, "jq", methods());
  b.start();
  // A FastStream frame with reply_to is answered there, as
  // jsonrpc_handler() answers it; the bare request on its id's list.
  command({"LPUSH", "jq",
           R"({"jsonrpc":"2.0","id":"bare","method":"echo",)"
           R"("params":["b"]})"});
  auto framed = b.request(destination::list("jq"),
                          R"({"jsonrpc":"2.0","id":1,"method":"add",)"
                          R"("params":[2,2]})",
                          5s)
                    .get();
  ASSERT_TRUE(framed) << framed.error().message();
  EXPECT_EQ(json::parse(framed->body()),
            json::parse(R"({"jsonrpc":"2.0","result":4.0,"id":1})"));
  auto bare = command({"BRPOP", "bare", "5"});
  ASSERT_TRUE(bare && bare->type == REDIS_REPLY_ARRAY);
  EXPECT_EQ(json::parse(
                std::string_view{bare->element[1]->str, bare->element[1]->len}),
            json::parse(R"({"jsonrpc":"2.0","result":"b","id":"bare"})"));
}

TEST_F(jsonrpc_list_test, requests_are_served_first_in_first_out) {
  std::mutex order_mutex;
  std::vector<int> order;
  auto m = methods();
  m->add_typed("note", {"n"}, [&](int n) {
    std::lock_guard<std::mutex> guard{order_mutex};
    order.push_back(n);
  });
  // Queued before the server starts, LPUSHed one by one as clients do.
  for (int n = 1; n <= 5; ++n)
    command({"LPUSH", "jq",
             R"({"jsonrpc":"2.0","method":"note","params":[)" +
                 std::to_string(n) + "]}"});
  broker b{options()};
  auto token = rpc::serve_jsonrpc(b, "jq", m);
  b.start();
  ASSERT_TRUE(test::eventually([&] { return token.counts().handled == 5; }));
  std::lock_guard<std::mutex> guard{order_mutex};
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST_F(jsonrpc_list_test, a_sender_cannot_make_the_server_touch_existing_keys) {
  command({"SET", "precious", "a string"});
  command({"RPUSH", "sessions", "s1"});
  auto opts = logged_options();
  broker b{opts};
  rpc::jsonrpc_server_options server;
  server.reply_list_prefix = "jq:reply:";
  auto token = rpc::serve_jsonrpc(b, "jq", methods(), server);
  b.start();
  auto add_for = [](std::string_view id) {
    return R"({"jsonrpc":"2.0","method":"add","params":[1,1],"id":")" +
           std::string{id} + R"("})";
  };
  command({"LPUSH", "jq", add_for("precious")}); // outside the prefix
  EXPECT_EQ(raw_call(add_for("jq:reply:fine"), "jq:reply:fine"),
            json::parse(R"({"jsonrpc":"2.0","result":2.0,)"
                        R"("id":"jq:reply:fine"})"));
  ASSERT_TRUE(test::eventually(
      [&] { return said("refused the reply list 'precious'"); }));
  EXPECT_EQ(integer({"TTL", "precious"}), -1);
  EXPECT_EQ(integer({"TTL", "sessions"}), -1);
  EXPECT_EQ(integer({"LLEN", "sessions"}), 1);
  EXPECT_EQ(token.counts().failed, 1u); // the refused prefix
}

TEST_F(jsonrpc_list_test, an_existing_reply_list_is_left_as_it_is) {
  command({"RPUSH", "sessions", "s1"});
  broker b{logged_options()};
  auto token = rpc::serve_jsonrpc(b, "jq", methods());
  b.start();
  command({"LPUSH", "jq",
           R"({"jsonrpc":"2.0","method":"add",)"
           R"("params":[1,1],"id":"sessions"})"});
  ASSERT_TRUE(test::eventually([&] { return said("exists already"); }));
  EXPECT_EQ(list_items("sessions"), std::vector<std::string>{"s1"});
  EXPECT_EQ(integer({"TTL", "sessions"}), -1);
}

TEST_F(jsonrpc_list_test, bare_requests_with_nowhere_to_answer_are_logged) {
  broker b{logged_options()};
  auto token = rpc::serve_jsonrpc(b, "jq", methods());
  b.start();
  command({"LPUSH", "jq", "{not json"});
  command({"LPUSH", "jq", R"({"jsonrpc":"2.0","method":"add","id":null})"});
  ASSERT_TRUE(test::eventually([&] { return token.counts().failed == 2; }));
  EXPECT_TRUE(said("'{not json' has no id to name a reply list"));
  EXPECT_EQ(integer({"DBSIZE"}), 0);
}

TEST_F(jsonrpc_list_test, our_client_calls_the_conventions_python_server) {
  auto peer = python_server(server().port(), "calc:jsonrpc");
  broker b{options()};
  b.start();
  rpc::jsonrpc_client calc{b, "calc:jsonrpc", 10s};
  auto zero = calc.call("clr").get();
  ASSERT_TRUE(zero) << zero.error().message();
  EXPECT_EQ(*zero, json::value(0.0));
  EXPECT_EQ(calc.call("add", json::array{5}).get().value(), json::value(5.0));
  EXPECT_EQ(calc.call("add", json::object{{"number", 2}}).get().value(),
            json::value(7.0));
  auto missing = calc.call("missing").get();
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, make_error_code(errc::remote_error));
  EXPECT_EQ(missing.error().detail, "Method not found (-32601)");
  auto notified = calc.notify("mul", json::array{2}).get();
  ASSERT_TRUE(notified) << notified.error().message();
  auto batch =
      calc.call_batch(
              {{"sub", json::array{4}}, {"missing", nullptr}, {"val", nullptr}})
          .get();
  ASSERT_TRUE(batch) << batch.error().message();
  ASSERT_EQ(batch->size(), 3u);
  EXPECT_EQ((*batch)[0].value(), json::value(10.0)); // (7 * 2) - 4
  EXPECT_FALSE((*batch)[1]);
  EXPECT_EQ((*batch)[2].value(), json::value(10.0));
}

TEST_F(jsonrpc_list_test, a_timed_out_call_is_taken_back_out_of_the_list) {
  broker b{options()};
  b.start();
  rpc::jsonrpc_client calc{b, "unserved", 200ms};
  auto r = calc.call("add", json::array{1, 2}).get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, make_error_code(errc::timeout));
  EXPECT_TRUE(test::eventually([&] {
    return integer({"LLEN", "unserved"}) == 0;
  }));
  auto bad = calc.call("add", json::value(3)).get();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, make_error_code(errc::invalid_argument));
}
