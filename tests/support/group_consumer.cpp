// SPDX-License-Identifier: MIT
// A consumer-group member for the scale-out test: handles entries of
// streams slowly and appends each body to a file, until SIGTERM.
//   redactor-test-group-consumer URL STREAM[,STREAM...] GROUP CONSUMER OUT_FILE
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "redactor/broker.hpp"

namespace {

std::atomic<bool> stop_requested{false};

} // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr,
                 "usage: %s URL STREAM[,STREAM...] GROUP CONSUMER OUT_FILE\n",
                 argv[0]);
    return 2;
  }
  std::signal(SIGTERM, [](int) { stop_requested = true; });
  std::FILE* out = std::fopen(argv[5], "a");
  if (out == nullptr)
    return 1;
  std::mutex mtx;
  redactor::broker b{std::string_view{argv[1]}};
  std::vector<redactor::subscription_token> tokens;
  std::string streams = argv[2];
  for (std::size_t at = 0; at <= streams.size();) {
    auto comma = std::min(streams.find(',', at), streams.size());
    redactor::stream_sub sub{streams.substr(at, comma - at), argv[3], argv[4]};
    at = comma + 1;
    sub.last_id = "0";
    sub.max_records = 5;
    sub.min_idle_time = std::chrono::milliseconds{500};
    tokens.push_back(b.subscribe(sub, [&](const redactor::message& m) {
      std::this_thread::sleep_for(std::chrono::milliseconds{2});
      std::lock_guard<std::mutex> guard{mtx};
      std::fprintf(out, "%.*s\n", static_cast<int>(m.body().size()),
                   m.body().data());
      std::fflush(out);
    }));
  }
  b.start();
  while (!stop_requested)
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  b.stop();
  std::fclose(out);
  return 0;
}
