// SPDX-License-Identifier: MIT
// redactor-calc-client: the RedisRPC seeds' calculator check. Runs clr,
// add 5, sub 3, mul 4, div 2, checks val() == 4, then shows the remote
// exception for an unknown method. Exit 0 only when all of that holds.
#include <iostream>

#include <CLI/CLI.hpp>

#include <redactor/json.hpp>
#include <redactor/redactor.hpp>

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

int run(const apps::redis_flags& redis, const std::string& queue,
        std::chrono::milliseconds timeout) {
  redactor::broker_options options;
  options.connection = redis.connection();
  redactor::broker broker{options};
  broker.start();
  redactor::rpc::redisrpc_client calc{broker, queue, timeout};
  const step steps[] = {{"clr", {}},  {"add", {5}}, {"sub", {3}},
                        {"mul", {4}}, {"div", {2}}, {"val", {}}};
  json::value last;
  for (const auto& s : steps) {
    auto r = calc.call(s.method, s.args).get();
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
  auto missing = calc.call("missing_method").get();
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
  CLI::App app{"The calculator client (RedisRPC)", "redactor-calc-client"};
  apps::redis_flags redis;
  std::string queue = "calc";
  std::string timeout = "5s";
  apps::add_redis_flags(app, redis);
  app.add_option("--queue", queue, "RedisRPC queue (list)")
      ->capture_default_str();
  app.add_option("--timeout", timeout, "Wait for each answer (2s, 500ms)")
      ->capture_default_str()
      ->check(apps::duration_validator());
  if (auto code = apps::parse_flags(app, argc, argv))
    return *code;
  try {
    return run(redis, queue, *apps::parse_duration(timeout));
  } catch (const std::exception& e) {
    std::cerr << "redactor-calc-client: " << e.what() << "\n";
    return 1;
  }
}
