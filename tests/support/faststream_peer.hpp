// SPDX-License-Identifier: MIT
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>

namespace redactor::test {

/// Runs tests/interop/faststream_peer.py against the server on `port` in
/// `mode` ("check" or "write"); its exit code.
inline int run_faststream_peer(int port, const char* mode) {
  auto cmd = std::string{REDACTOR_PYTHON} + " " + REDACTOR_INTEROP_DIR +
             "/faststream_peer.py --port " + std::to_string(port) + " " + mode;
  return std::system(cmd.c_str());
}

/// Lower-case hex, as the peer writes bodies into its expectations.
inline std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0xF]);
  }
  return out;
}

} // namespace redactor::test
