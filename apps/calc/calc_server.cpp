// SPDX-License-Identifier: MIT
// redactor-calc-server: the calculator served over RedisRPC on the list
// --queue, and over JSON-RPC 2.0 on the list <queue>:jsonrpc (bare requests
// of the JSON-RPC list convention and FastStream frames alike), until SIGINT
// or SIGTERM. --asyncapi prints its AsyncAPI document instead.
#include <iostream>

#include <CLI/CLI.hpp>

#include <redactor/redactor.hpp>
#include <redactor/rpc/jsonrpc_server.hpp>
#include <redactor/rpc/redisrpc_server.hpp>

#include "calculator.hpp"
#include "common/flags.hpp"
#include "common/metrics_flag.hpp"

int main(int argc, char** argv) {
  CLI::App app{"The calculator service (RedisRPC and JSON-RPC over lists)",
               "redactor-calc-server"};
  apps::redis_flags redis;
  std::string queue = "calc";
  bool keep_queue = false;
  bool asyncapi = false;
  std::string metrics;
  apps::add_redis_flags(app, redis);
  apps::add_metrics_option(app, metrics);
  app.add_option("--queue", queue, "RedisRPC queue (list)")
      ->capture_default_str();
  app.add_flag("--keep-queue", keep_queue,
               "Serve requests queued before the start instead of deleting "
               "them (the Python and PHP servers delete them)");
  app.add_flag("--asyncapi", asyncapi,
               "Print the service's AsyncAPI 3.0 document (JSON) and exit, "
               "without connecting; with --metrics it is also served at "
               "/asyncapi.json");
  if (auto code = apps::parse_flags(app, argc, argv))
    return *code;

  redactor::block_stop_signals();

  try {
    redactor::broker_options opts;
    opts.connection = redis.connection();
    opts.metrics.listen = metrics;
    opts.metrics.serve_asyncapi = true;
    opts.asyncapi.title = "redactor-calc-server";
    opts.asyncapi.version = redactor::version_string;
    opts.asyncapi.description =
        "The calculator (clr, add, sub, mul, div, val) over RedisRPC and "
        "over JSON-RPC 2.0 on lists.";
    redactor::broker broker{opts};
    auto methods = calc::make_calculator();
    redactor::rpc::redisrpc_server_options options;
    options.clear_queue_on_start = !keep_queue;
    auto redisrpc =
        redactor::rpc::serve_redisrpc(broker, queue, methods, options);
    auto jsonrpc =
        redactor::rpc::serve_jsonrpc(broker, queue + ":jsonrpc", methods);
    if (asyncapi) {
      std::cout << broker.asyncapi() << std::endl;
      return 0;
    }
    broker.start();
    std::cout << "redactor-calc-server: serving RedisRPC on list " << queue
              << " and JSON-RPC on list " << queue << ":jsonrpc at "
              << opts.connection.display_url() << std::endl;
    apps::announce_metrics(broker, std::cout, "redactor-calc-server");
    redactor::wait_for_stop_signal();
    broker.stop();
    auto served = redisrpc.counts();
    std::cout << "redactor-calc-server: stopped; " << served.handled
              << " RedisRPC requests succeeded, " << served.failed << " failed"
              << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "redactor-calc-server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
