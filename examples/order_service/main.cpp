// SPDX-License-Identifier: MIT
// order-service [REDIS_URL]: serves orders and quotes until SIGINT/SIGTERM,
// with Prometheus metrics on :9464.
#include <cstdlib>
#include <iostream>

#include <redactor/stop_signal.hpp>

#include "orders.hpp"

int main(int argc, char** argv) {
  redactor::block_stop_signals();
  const char* env = std::getenv("REDIS_URL");
  redactor::broker_options options;
  options.connection =
      redactor::connection_options::from_url(argc > 1 ? argv[1]
                                             : env    ? env
                                                   : "redis://127.0.0.1:6379");
  options.metrics.listen = ":9464";
  redactor::broker b{options};
  auto service = orders::serve(b, "worker-1");
  b.start();
  std::cout << "order-service: serving; metrics on " << b.metrics_address()
            << std::endl;
  redactor::wait_for_stop_signal();
  b.stop();
}
