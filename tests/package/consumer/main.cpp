// SPDX-License-Identifier: MIT
// Uses the installed redactor package: round-trips a FastStream frame.
#include <iostream>

#include <redactor/redactor.hpp>

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
  std::cout << "redactor " << version_string << ": round trip ok\n";
  return 0;
}
