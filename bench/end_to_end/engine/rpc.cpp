// SPDX-License-Identifier: MIT
// Redactor's RPC client and server in the scenarios.
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "engine/engine_side.hpp"
#include "engine/subscribe_to.hpp"
#include "preload.hpp"

namespace redactor::bench::engine {
namespace {

using clock = run_window::clock;

/// Keeps requests in flight: each answer inside the window sends the next.
class rpc_caller {
 public:
  rpc_caller(broker& b, destination to, const run_window& window)
      : broker_(b), to_(std::move(to)), window_(window) {}

  /// Puts one more request in flight.
  void start_one() {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      ++in_flight_;
    }
    send();
  }

  /// Waits for the last answer after the window; what the run saw.
  rpc_outcome finish() {
    std::unique_lock<std::mutex> lock{mtx_};
    idle_.wait_until(lock, window_.end + std::chrono::seconds(40),
                     [this] { return in_flight_ == 0; });
    out_.failed += in_flight_;
    return std::move(out_);
  }

 private:
  void send() {
    auto sent = clock::now();
    broker_.request(to_, message_body(), std::chrono::seconds(30), {},
                    [this, sent](result<message> r) { answered(sent, r); });
  }

  void answered(clock::time_point sent, const result<message>& r) {
    auto now = clock::now();
    bool again = false;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      if (!r)
        ++out_.failed;
      else if (window_.contains(sent, now))
        out_.latencies.add(now - sent);
      // A request that goes on keeps its place in flight, so in_flight_
      // reaches zero only once for good.
      again = r && now < window_.end;
      if (!again && --in_flight_ == 0)
        idle_.notify_all();
    }
    if (again)
      send();
  }

  broker& broker_;
  destination to_;
  run_window window_;
  std::mutex mtx_;
  std::condition_variable idle_;
  std::size_t in_flight_ = 0;
  rpc_outcome out_;
};

} // namespace

void engine_side::serve_rpc(const std::string& url, transport t,
                            const std::string& key, peer_control& control) {
  broker b{options_for(url)};
  subscribe_to(b, t, key, 100,
               [](const message&) { return std::string{message_body()}; });
  b.start();
  control.ready();
  control.wait_for_stop();
  b.stop();
}

rpc_outcome
engine_side::call_rpc(const std::string& url, transport t,
                      const std::string& key, std::size_t outstanding,
                      std::size_t waiting,
                      const std::function<run_window()>& open_window) {
  auto options = options_for(url);
  options.max_pending_requests = waiting + outstanding;
  broker b{options};
  b.start();
  if (waiting > 0) {
    auto to = destination::list(waiting_key(key));
    for (std::size_t i = 0; i < waiting; ++i)
      b.request(to, message_body(), std::chrono::minutes(10), {},
                [](const result<message>&) {});
    // Each leaves once its reply channel is subscribed: all are out once
    // the list holds them.
    if (!wait_for_list_length(url, to.name, waiting, std::chrono::seconds(60)))
      throw std::runtime_error("the waiting requests did not all go out");
  }
  rpc_caller caller{b, destination_of(t, key), open_window()};
  for (std::size_t i = 0; i < outstanding; ++i)
    caller.start_one();
  auto out = caller.finish();
  b.stop();
  return out;
}

} // namespace redactor::bench::engine
