// SPDX-License-Identifier: MIT
// redactor-calc-client: the RedisRPC seeds' calculator check. Runs clr,
// add 5, sub 3, mul 4, div 2, checks val() == 4, then shows the remote
// exception for an unknown method. Exit 0 only when all of that holds.
// Over RedisRPC on --queue, or with --jsonrpc over JSON-RPC 2.0 on the list
// <queue>:jsonrpc (bare requests, the JSON-RPC list convention).
#include <functional>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include <redactor/json.hpp>
#include <redactor/redactor.hpp>

#include <redactor/rpc/jsonrpc_client.hpp>
#include <redactor/rpc/redisrpc_client.hpp>

#include "common/duration.hpp"
#include "common/flags.hpp"

namespace {

namespace json = boost::json;

std::string args_text(const json::array& args) {
  std::string out;
  for (const auto& a : args)
    out += (out.empty() ? "" : ", ") + redactor::to_json_text(a);
  return out;
}

struct step {
  const char* method;
  json::array args;
};

/// One call of the service, whichever protocol it speaks.
using call_fn = std::function<redactor::result<json::value>(
    std::string_view method, json::array args)>;

call_fn connect(redactor::broker& broker, const std::string& queue,
                bool jsonrpc, std::chrono::milliseconds timeout) {
  if (jsonrpc) {
    auto client = std::make_shared<redactor::rpc::jsonrpc_client>(
        broker, queue + ":jsonrpc", timeout);
    return [client](std::string_view method, json::array args) {
      return client->call(method, std::move(args)).get();
    };
  }
  auto client =
      std::make_shared<redactor::rpc::redisrpc_client>(broker, queue, timeout);
  return [client](std::string_view method, json::array args) {
    return client->call(method, std::move(args)).get();
  };
}

int run(const apps::redis_flags& redis, const std::string& queue, bool jsonrpc,
        std::chrono::milliseconds timeout) {
  redactor::broker_options options;
  options.connection = redis.connection();
  redactor::broker broker{options};
  broker.start();
  auto call = connect(broker, queue, jsonrpc, timeout);
  const step steps[] = {{"clr", {}},  {"add", {5}}, {"sub", {3}},
                        {"mul", {4}}, {"div", {2}}, {"val", {}}};
  json::value last;
  for (const auto& s : steps) {
    auto r = call(s.method, s.args);
    std::cout << s.method << "(" << args_text(s.args);
    if (!r) {
      std::cout << ") failed: " << r.error().message() << "\n";
      return r.error().code ==
                     redactor::make_error_code(redactor::errc::timeout)
                 ? 3
                 : 1;
    }
    std::cout << ") = " << redactor::to_json_text(*r) << "\n";
    last = *r;
  }
  if (!last.is_number() || last.to_number<double>() != 4.0) {
    std::cout << "FAIL: val() should be 4\n";
    return 1;
  }
  auto missing = call("missing_method", {});
  if (missing || missing.error().code !=
                     redactor::make_error_code(redactor::errc::remote_error)) {
    std::cout << "FAIL: missing_method() should raise a remote exception\n";
    return 1;
  }
  std::cout << "missing_method() raised: " << missing.error().detail << "\n"
            << "OK\n";
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"The calculator client (RedisRPC, or JSON-RPC over lists)",
               "redactor-calc-client"};
  apps::redis_flags redis;
  std::string queue = "calc";
  std::string timeout = "5s";
  bool jsonrpc = false;
  apps::add_redis_flags(app, redis);
  app.add_option("--queue", queue, "RedisRPC queue (list)")
      ->capture_default_str();
  app.add_flag("--jsonrpc", jsonrpc,
               "Call the JSON-RPC 2.0 service on the list <queue>:jsonrpc "
               "(bare requests, LPUSH) instead of RedisRPC on <queue>");
  app.add_option("--timeout", timeout, "Wait for each answer (2s, 500ms)")
      ->capture_default_str()
      ->check(apps::duration_validator());
  if (auto code = apps::parse_flags(app, argc, argv))
    return *code;
  try {
    return run(redis, queue, jsonrpc, *apps::parse_duration(timeout));
  } catch (const std::exception& e) {
    std::cerr << "redactor-calc-client: " << e.what() << "\n";
    return 1;
  }
}
