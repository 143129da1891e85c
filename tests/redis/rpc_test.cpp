// SPDX-License-Identifier: MIT
// The RPC services on a real redis-server: RedisRPC server and client, and
// JSON-RPC 2.0 served on a list, with every kind of malformed input the
// protocol's clients are known to send pushed as raw bytes.
#include <algorithm>
#include <cmath>
#include <future>
#include <mutex>
#include <thread>

#include <boost/json.hpp>

#include "redactor/rpc/jsonrpc_handler.hpp"
#include "redactor/rpc/redisrpc_client.hpp"
#include "redactor/rpc/redisrpc_server.hpp"
#include "support/broker_test.hpp"

using namespace redactor;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

std::shared_ptr<const rpc::registry> methods() {
  auto m = std::make_shared<rpc::registry>();
  m->add_typed("add", {"a", "b"}, [](double a, double b) { return a + b; });
  m->add_typed("fail", {},
               []() -> int { throw std::runtime_error("it failed"); });
  m->add_typed("inf", {}, [] { return HUGE_VAL; });
  m->add_typed("echo", {"value"}, [](json::value v) { return v; });
  m->add_typed("nothing", {}, [] {});
  return m;
}

class rpc_test : public test::broker_test {
 protected:
  /// RPUSHes `request` to the queue and pops the response from `queue`.
  std::string raw_call(std::string_view request,
                       std::string_view response_queue = "q:rpc:RAW") {
    command({"RPUSH", "q", request});
    auto r = command({"BLPOP", response_queue, "5"});
    if (!r || r->type != REDIS_REPLY_ARRAY)
      return "(no response)";
    return {r->element[1]->str, r->element[1]->len};
  }

  json::value call_json(broker& b, std::string_view body) {
    auto r = b.request(destination::list("jq"), body, 5s).get();
    if (!r)
      return json::string{r.error().message()};
    return r->body().empty() ? json::value{} : json::parse(r->body());
  }
};

TEST_F(rpc_test, redisrpc_answers_every_dialect) {
  broker b{options()};
  auto token = rpc::serve_redisrpc(b, "q", methods());
  b.start();
  // Python: spaces, kwargs; Ruby: compact, args always, keywords as a
  // trailing hash; PHP 8: named args turn args into an object.
  EXPECT_EQ(raw_call(R"({"function_call": {"name": "add", "args": [1], )"
                     R"("kwargs": {"b": 2}}, "response_queue": "q:rpc:RAW"})"),
            R"({"return_value":3.0})");
  EXPECT_EQ(raw_call(R"({"function_call":{"name":"add","args":[1,{"b":2}]},)"
                     R"("response_queue":"q:rpc:RAW"})"),
            R"({"return_value":3.0})");
  EXPECT_EQ(raw_call(R"({"function_call":{"name":"add","args":{"0":1,"b":2}},)"
                     R"("response_queue":"q:rpc:RAW"})"),
            R"({"return_value":3.0})");
  EXPECT_EQ(raw_call(R"({"function_call":{"name":"nothing","args":[]},)"
                     R"("response_queue":"q:rpc:RAW"})"),
            R"({"return_value":null})");
}

TEST_F(rpc_test, redisrpc_survives_malformed_input_and_answers_what_it_can) {
  broker b{options()};
  auto token = rpc::serve_redisrpc(b, "q", methods());
  b.start();
  struct case_ {
    const char* request;
    const char* exception_part;
  };
  const case_ cases[] = {
      {R"({"response_queue": "q:rpc:RAW"})", "no function_call"},
      {R"({"function_call": {"args": [1]}, "response_queue": "q:rpc:RAW"})",
       "name"},
      {R"({"function_call": {"name": "nope"}, "response_queue": "q:rpc:RAW"})",
       "nope\\\" does not exist"},
      {R"({"function_call": {"name": "add", "args": [1, 2, 3]}, )"
       R"("response_queue": "q:rpc:RAW"})",
       "takes 2 arguments but 3 were given"},
      {R"({"function_call": {"name": "add", "args": [1]}, )"
       R"("response_queue": "q:rpc:RAW"})",
       "missing argument 'b'"},
      {R"({"function_call": {"name": "add", "args": [1], "kwargs": )"
       R"({"c": 1}}, "response_queue": "q:rpc:RAW"})",
       "unexpected keyword argument 'c'"},
      // Python's eval injection is only a string here.
      {R"({"function_call": {"name": "add", "args": )"
       R"(["__import__('os').getpid() and 1", 1]}, )"
       R"("response_queue": "q:rpc:RAW"})",
       "argument 'a'"},
      {R"({"function_call": {"name": "add", "args": [NaN, 1]}, )"
       R"("response_queue": "q:rpc:RAW"})",
       "cannot be sent"},
      {R"({"function_call": {"name": "inf"}, "response_queue": "q:rpc:RAW"})",
       "cannot be sent"},
      {R"({"function_call": {"name": "fail"}, "response_queue": "q:rpc:RAW"})",
       "it failed"},
      {R"({"function_call": {"name": "add", "args": "x"}, )"
       R"("response_queue": "q:rpc:RAW"})",
       "neither an array nor an object"},
  };
  for (const auto& c : cases) {
    auto answer = raw_call(c.request);
    EXPECT_NE(answer.find(R"({"exception":")"), std::string::npos) << answer;
    EXPECT_NE(answer.find(c.exception_part), std::string::npos)
        << c.request << " -> " << answer;
  }
  // Nobody to answer: logged and counted, and the server goes on.
  for (auto junk :
       {"not json", "[1,2]", R"({"function_call": {"name": "add"}})",
        R"({"response_queue": 7})", "{\"a\": [[[[[[[["})
    command({"RPUSH", "q", junk});
  EXPECT_EQ(raw_call(R"({"function_call": {"name": "add", "args": [2, 2]}, )"
                     R"("response_queue": "q:rpc:RAW"})"),
            R"({"return_value":4.0})");
  // The 11 answered with an exception and the 5 nobody could be told.
  EXPECT_EQ(token.counts().failed, 16u);
}

TEST_F(rpc_test, redisrpc_responses_expire_and_the_queue_is_cleared_at_start) {
  command({"RPUSH", "q", "stale request from before the start"});
  broker b{options()};
  rpc::redisrpc_server_options opts;
  opts.response_ttl = 7s;
  auto token = rpc::serve_redisrpc(b, "q", methods(), opts);
  b.start();
  command({"RPUSH", "q",
           R"({"function_call": {"name": "add", "args": [1, 1]}, )"
           R"("response_queue": "q:rpc:TTL"})"});
  ASSERT_TRUE(test::eventually([&] {
    return integer({"LLEN", "q:rpc:TTL"}) == 1;
  }));
  auto ttl = integer({"TTL", "q:rpc:TTL"});
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 7);
  // The stale request was deleted, not run.
  EXPECT_EQ(token.counts().received, 1u);
}

TEST_F(rpc_test, a_sender_cannot_make_the_server_expire_or_fill_other_keys) {
  command({"SET", "q:rpc:precious", "a string, not a list"});
  command({"RPUSH", "sessions", "s1"});
  std::vector<std::string> lines;
  std::mutex lines_mutex;
  auto opts = options();
  opts.log = [&](log_level, std::string_view line) {
    std::lock_guard lock{lines_mutex};
    lines.emplace_back(line);
  };
  broker b{opts};
  auto token = rpc::serve_redisrpc(b, "q", methods());
  b.start();
  auto add_to = [](std::string_view queue) {
    return R"({"function_call": {"name": "add", "args": [1, 1]}, )"
           R"("response_queue": ")" +
           std::string{queue} + R"("})";
  };
  command({"RPUSH", "q", add_to("q:rpc:precious")});
  command({"RPUSH", "q", add_to("sessions")});
  EXPECT_EQ(raw_call(add_to("q:rpc:RAW")), R"({"return_value":2.0})");
  // The string kept its value and got no TTL; the foreign list is as it was.
  EXPECT_EQ(integer({"TTL", "q:rpc:precious"}), -1);
  EXPECT_EQ(integer({"TTL", "sessions"}), -1);
  EXPECT_EQ(integer({"LLEN", "sessions"}), 1);
  auto said = [&](std::string_view what) {
    std::lock_guard lock{lines_mutex};
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
      return l.find(what) != std::string::npos;
    });
  };
  // Handlers run concurrently: the refused pushes may finish after the
  // RAW call's reply.
  EXPECT_TRUE(test::eventually([&] { return token.counts().failed == 1u; }))
      << token.counts().failed; // the refused response_queue
  EXPECT_TRUE(test::eventually(
      [&] { return said("refused the response_queue 'sessions'"); }));
  EXPECT_TRUE(test::eventually([&] { return said("WRONGTYPE"); }));
}

TEST_F(rpc_test, a_response_queue_prefix_of_the_users_choice) {
  broker b{options()};
  rpc::redisrpc_server_options opts;
  opts.response_queue_prefix = "replies:";
  auto token = rpc::serve_redisrpc(b, "q", methods(), opts);
  b.start();
  EXPECT_EQ(raw_call(R"({"function_call": {"name": "add", "args": [2, 1]}, )"
                     R"("response_queue": "replies:1"})",
                     "replies:1"),
            R"({"return_value":3.0})");
  command({"RPUSH", "q",
           R"({"function_call": {"name": "add", "args": [2, 1]}, )"
           R"("response_queue": "q:rpc:DEFAULT"})"});
  EXPECT_EQ(raw_call(R"({"function_call": {"name": "add", "args": [2, 2]}, )"
                     R"("response_queue": "replies:2"})",
                     "replies:2"),
            R"({"return_value":4.0})");
  EXPECT_EQ(integer({"EXISTS", "q:rpc:DEFAULT"}), 0);
  EXPECT_EQ(token.counts().failed, 1u);
}

TEST_F(rpc_test, keep_queue_serves_what_was_queued_before_the_start) {
  command({"RPUSH", "q",
           R"({"function_call": {"name": "add", "args": [1, 1]}, )"
           R"("response_queue": "q:rpc:OLD"})"});
  broker b{options()};
  rpc::redisrpc_server_options opts;
  opts.clear_queue_on_start = false;
  auto token = rpc::serve_redisrpc(b, "q", methods(), opts);
  b.start();
  auto r = command({"BLPOP", "q:rpc:OLD", "5"});
  ASSERT_EQ(r->type, REDIS_REPLY_ARRAY);
  EXPECT_EQ(std::string(r->element[1]->str), R"({"return_value":2.0})");
}

TEST_F(rpc_test, client_calls_with_args_kwargs_and_gets_remote_errors) {
  broker b{options()};
  auto token = rpc::serve_redisrpc(b, "q", methods());
  b.start();
  rpc::redisrpc_client client{b, "q", 5s};
  auto sum = client.call("add", {1}, {{"b", 41}}).get();
  ASSERT_TRUE(sum) << sum.error().message();
  EXPECT_EQ(sum->as_double(), 42.0);
  auto failed = client.call("fail").get();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, make_error_code(errc::remote_error));
  EXPECT_EQ(failed.error().detail, "it failed");
}

TEST_F(rpc_test, a_response_queue_made_a_string_fails_only_its_call) {
  broker b{options()};
  b.start();
  rpc::redisrpc_client client{b, "q", 10s};
  auto spoiled = client.call("add", {1, 2});
  ASSERT_TRUE(test::eventually([&] { return integer({"LLEN", "q"}) == 1; }));
  auto request = command({"LPOP", "q"});
  auto queue = json::parse(std::string_view{request->str, request->len})
                   .at("response_queue")
                   .as_string();
  command({"SET", std::string_view{queue.data(), queue.size()}, "not a list"});
  auto r = spoiled.get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, make_error_code(errc::refused));
  EXPECT_NE(r.error().detail.find("WRONGTYPE"), std::string::npos)
      << r.error().detail;
  // The other calls go on.
  auto token = rpc::serve_redisrpc(b, "q", methods());
  auto sum = client.call("add", {2, 2}).get();
  ASSERT_TRUE(sum) << sum.error().message();
  EXPECT_EQ(sum->as_double(), 4.0);
}

TEST_F(rpc_test, client_timeout_removes_the_request_from_the_queue) {
  broker b{options()};
  b.start();
  rpc::redisrpc_client client{b, "unserved", 200ms};
  auto r = client.call("add", {1, 2}).get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, make_error_code(errc::timeout));
  // As the Ruby client does: a request nobody took will not run late.
  ASSERT_TRUE(test::eventually([&] {
    return integer({"LLEN", "unserved"}) == 0;
  }));
}

TEST_F(rpc_test, concurrent_client_calls_share_connections) {
  broker b{options()};
  rpc::redisrpc_server_options opts;
  opts.max_workers = 4;
  auto token = rpc::serve_redisrpc(b, "q", methods(), opts);
  b.start();
  rpc::redisrpc_client client{b, "q", 20s};
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::vector<std::future<result<json::value>>> calls;
      for (int i = 0; i < 250; ++i)
        calls.push_back(client.call("add", {t, i}));
      for (int i = 0; i < 250; ++i) {
        auto r = calls[i].get();
        good += r && r->as_double() == t + i;
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(good.load(), 1000);
  // The broker's connections (commands, inbox, the server's queue, the
  // response-list waiter and its control line) plus this test's own: not
  // one per call.
  auto list = command({"CLIENT", "LIST"});
  std::string text{list->str, list->len};
  EXPECT_LE(std::count(text.begin(), text.end(), '\n'), 6);
}

TEST_F(rpc_test, handlers_may_wait_for_a_service_of_their_own_broker) {
  // More handlers waiting on client futures than the default pool has
  // threads: each waiting thread is replaced, so the server still runs.
  broker b{options()};
  auto served = rpc::serve_redisrpc(b, "q", methods());
  rpc::redisrpc_client client{b, "q", 5s};
  list_sub outer{"outer"};
  outer.max_workers = 12;
  auto token = b.subscribe(outer, [&](const message& m) {
    auto n = std::stoi(std::string{m.body()});
    auto r = client.call("add", {n, 1}).get();
    return r ? json::serialize(*r) : r.error().message();
  });
  b.start();
  std::vector<std::future<result<message>>> requests;
  for (int i = 0; i < 12; ++i)
    requests.push_back(
        b.request(destination::list("outer"), std::to_string(i), 10s));
  for (int i = 0; i < 12; ++i) {
    auto r = requests[i].get();
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(json::parse(r->body()), i + 1.0) << r->body();
  }
}

TEST_F(rpc_test, waiting_for_a_call_on_the_io_thread_is_refused) {
  broker b{options()};
  auto served = rpc::serve_redisrpc(b, "q", methods());
  rpc::redisrpc_client client{b, "q", 5s};
  channel_sub impatient{"impatient"};
  impatient.handlers = handler_mode::non_blocking;
  auto token = b.subscribe(impatient, [&](const message&) {
    auto r = client.call("add", {1, 2}).get();
    return r ? std::string{"waited"} : r.error().message();
  });
  b.start();
  auto r = b.request(destination::channel("impatient"), "go", 5s).get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_NE(r->body().find("would deadlock"), std::string_view::npos)
      << r->body();
}

TEST_F(rpc_test, jsonrpc_results_notifications_and_batches) {
  broker b{options()};
  auto token = b.subscribe(list_sub{"jq"}, rpc::jsonrpc_handler(methods()));
  b.start();
  EXPECT_EQ(call_json(b, R"({"jsonrpc":"2.0","id":1,"method":"add",)"
                         R"("params":[1,2]})"),
            json::parse(R"({"jsonrpc":"2.0","result":3.0,"id":1})"));
  EXPECT_EQ(call_json(b, R"({"jsonrpc":"2.0","id":"x","method":"add",)"
                         R"("params":{"b":2,"a":5}})"),
            json::parse(R"({"jsonrpc":"2.0","result":7.0,"id":"x"})"));
  // Only a notification: nothing to say (FastStream's empty reply).
  EXPECT_TRUE(call_json(b, R"({"jsonrpc":"2.0","method":"add",)"
                           R"("params":[1,2]})")
                  .is_null());
  EXPECT_EQ(call_json(b, R"([{"jsonrpc":"2.0","id":1,"method":"add",)"
                         R"("params":[1,1]},{"jsonrpc":"2.0","method":"add",)"
                         R"("params":[1,1]},{"jsonrpc":"2.0","id":2,)"
                         R"("method":"echo","params":["hi"]}])"),
            json::parse(R"([{"jsonrpc":"2.0","result":2.0,"id":1},)"
                        R"({"jsonrpc":"2.0","result":"hi","id":2}])"));
}

TEST_F(rpc_test, jsonrpc_error_codes) {
  broker b{options()};
  auto token = b.subscribe(list_sub{"jq"}, rpc::jsonrpc_handler(methods()));
  b.start();
  auto code = [&](std::string_view body) -> std::int64_t {
    auto v = call_json(b, body);
    auto* obj = v.if_object();
    if (!obj || !obj->contains("error"))
      return 0;
    return obj->at("error").at("code").as_int64();
  };
  EXPECT_EQ(code("{not json"), -32700);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1})"), -32600);
  EXPECT_EQ(code("[]"), -32600);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1,"method":"nope"})"), -32601);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1,"method":"add","params":[1]})"),
            -32602);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1,"method":"add",)"
                 R"("params":["x",1]})"),
            -32602);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1,"method":"inf"})"), -32603);
  EXPECT_EQ(code(R"({"jsonrpc":"2.0","id":1,"method":"fail"})"), -32000);
  // Answered with an error object, and counted as what failed.
  EXPECT_EQ(token.counts().failed, 8u);
  EXPECT_EQ(token.counts().handled, 0u);
  auto metrics = b.metrics_text();
  for (const char* type :
       {"parse_error", "invalid_request", "method_not_found", "invalid_params",
        "unencodable", "std::runtime_error"})
    EXPECT_NE(metrics.find(std::string{"exception_type=\""} + type + "\""),
              std::string::npos)
        << type << "\n"
        << metrics;
  EXPECT_NE(metrics.find("received_processed_messages_total{app_name="
                         "\"redactor\",broker=\"redis\",handler=\"jq\","
                         "status=\"error\"} 8"),
            std::string::npos)
      << metrics;
}

TEST_F(rpc_test, redisrpc_failures_count_as_errors_of_their_type) {
  broker b{options()};
  auto token = rpc::serve_redisrpc(b, "q", methods());
  b.start();
  EXPECT_NE(raw_call(R"({"function_call":{"name":"nope","args":[]},)"
                     R"("response_queue":"q:rpc:RAW"})")
                .find("exception"),
            std::string::npos);
  EXPECT_NE(raw_call(R"({"function_call":{"name":"fail","args":[]},)"
                     R"("response_queue":"q:rpc:RAW"})")
                .find("it failed"),
            std::string::npos);
  EXPECT_NE(raw_call(R"({"function_call":{"name":"add","args":[1,2]},)"
                     R"("response_queue":"q:rpc:RAW"})")
                .find("3.0"),
            std::string::npos);
  // Counted as the handler returns, just after it pushed the response.
  EXPECT_TRUE(test::eventually([&] {
    return token.counts().failed == 2 && token.counts().handled == 1;
  }));
  auto metrics = b.metrics_text();
  EXPECT_NE(metrics.find(R"(exception_type="method_not_found")"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find(R"(exception_type="std::runtime_error")"),
            std::string::npos)
      << metrics;
}

} // namespace
