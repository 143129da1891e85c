// SPDX-License-Identifier: MIT
// Uses the installed redactor::testing: a handler answers a request on the
// in-memory test broker.
#include <iostream>

#include <redactor/testing/test_broker.hpp>

int main() {
  using namespace redactor;
  testing::test_broker tb;
  auto token = tb.subscribe(list_sub{"greet"}, [](const message& m) {
    return "hello, " + std::string(m.body());
  });
  tb.start();
  auto r = tb.request(destination::list("greet"), "world").get();
  if (!r || r->body() != "hello, world" || tb.received(token).size() != 1) {
    std::cerr << "test broker request failed\n";
    return 1;
  }
  std::cout << "test broker: request ok\n";
  return 0;
}
