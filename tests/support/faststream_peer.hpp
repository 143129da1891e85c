// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <sys/wait.h>

namespace redactor::test {

/// The command line of tests/interop/faststream_peer.py against the server
/// on `port`, in `mode` with `args` ("request --channel c --tls-ca F").
inline std::string faststream_peer_command(int port, const std::string& mode) {
  return std::string{REDACTOR_PYTHON} + " " + REDACTOR_INTEROP_DIR +
         "/faststream_peer.py --port " + std::to_string(port) + " " + mode;
}

/// Runs the peer to its end; its exit code.
inline int run_faststream_peer(int port, const std::string& mode) {
  return std::system(faststream_peer_command(port, mode).c_str());
}

/// The peer serving in the background: the constructor returns once it
/// said it is subscribed.
class faststream_server {
 public:
  faststream_server(int port, const std::string& mode)
      : out_(::popen(faststream_peer_command(port, mode).c_str(), "r")) {
    char line[64] = {};
    ready_ = out_ != nullptr && std::fgets(line, sizeof line, out_) &&
             std::string_view{line} == "ready\n";
  }
  ~faststream_server() { exit_code(); }
  faststream_server(const faststream_server&) = delete;
  faststream_server& operator=(const faststream_server&) = delete;

  bool ready() const noexcept { return ready_; }

  /// Waits for the peer to end; its exit code.
  int exit_code() {
    if (out_ != nullptr) {
      auto status = ::pclose(out_);
      out_ = nullptr;
      code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    return code_;
  }

 private:
  FILE* out_;
  bool ready_ = false;
  int code_ = -1;
};

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
