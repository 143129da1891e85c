// SPDX-License-Identifier: MIT
// The README's usage example: the billing service (a typed handler on a
// stream consumer group, in billing.cpp) answering an order with a
// receipt, published to a list.
//   redactor-demo [--url redis://host:port/db] [--version]
#include <cstring>
#include <future>
#include <iostream>

#include <redactor/redactor.hpp>

#include "demo/billing.hpp"

// --(usage-begin)--
int run(const std::string& url) {
  redactor::broker broker{url};

  // Each order is handled once by the group "billing"; the receipt goes to
  // the "receipts" list (apps/demo/billing.cpp).
  auto billing = demo::serve_billing(broker);

  std::promise<std::string> first_receipt;
  auto receipts = broker.subscribe(
      redactor::list_sub{"receipts"}, [&](const redactor::message& m) {
        first_receipt.set_value(std::string(m.text()));
      });

  broker.start();
  auto added = broker
                   .publish(redactor::destination::stream("orders"),
                            R"({"id":"A-17","amount":250.0})")
                   .get();
  std::cout << "order added as stream entry " << added.value().entry_id << "\n";
  auto done = first_receipt.get_future();
  if (done.wait_for(std::chrono::seconds{5}) != std::future_status::ready) {
    std::cerr << "no receipt within 5 s\n";
    return 1;
  }
  std::cout << "receipt: " << done.get() << "\n";
  broker.stop();
  return 0;
}
// --(usage-end)--

int main(int argc, char** argv) {
  const char* env = std::getenv("REDIS_URL");
  std::string url = env ? env : "redis://127.0.0.1:6379";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--url") == 0 && i + 1 < argc) {
      url = argv[++i];
    } else if (std::strcmp(argv[i], "--version") == 0) {
      std::cout << "redactor-demo " << redactor::version_string << "\n";
      return 0;
    } else {
      std::cerr << "usage: redactor-demo [--url redis://host:port/db] "
                   "[--version]\n";
      return std::strcmp(argv[i], "--help") == 0 ? 0 : 2;
    }
  }
  try {
    return run(url);
  } catch (const redactor::error& e) {
    std::cerr << "redactor-demo: " << e.what() << "\n";
    return 1;
  }
}
