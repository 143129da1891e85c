// SPDX-License-Identifier: MIT
// Uses the installed redactor package: round-trips a FastStream frame and
// calls a method through an RPC registry.
#include <iostream>

#include <redactor/redactor.hpp>
#include <redactor/rpc/registry.hpp>

int main() {
  using namespace redactor;
  auto headers = wire_headers::build("cid", "text/plain", "", {{"k", "v"}});
  auto frame = binary_format_v1::encode(headers, "hello");
  auto p = decode_payload(frame.value());
  if (p.format != payload_format::binary_v1 || p.body != "hello" ||
      p.correlation_id != "cid") {
    std::cerr << "round trip failed\n";
    return 1;
  }
  rpc::registry methods;
  methods.add_typed("add", {"a", "b"},
                    [](double a, double b) { return a + b; });
  auto sum = methods.invoke("add", {1}, {{"b", 2}});
  if (std::get<boost::json::value>(sum) != boost::json::value(3.0)) {
    std::cerr << "registry call failed\n";
    return 1;
  }
  std::cout << "redactor " << version_string << ": round trip ok\n";
  return 0;
}
