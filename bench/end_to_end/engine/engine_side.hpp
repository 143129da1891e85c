// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "redactor/broker_options.hpp"
#include "side.hpp"

namespace redactor::bench::engine {

/// The scenarios' broker settings: every handler here returns at once, so
/// it is declared non-blocking and runs inline on the I/O thread.
inline broker_options options_for(const std::string& url) {
  broker_options options;
  options.connection = connection_options::from_url(url);
  options.handlers = handler_mode::non_blocking;
  return options;
}

/// The scenarios through Redactor's public API, as a user writes them:
/// broker::request() with a callback, subscriptions with a handler per
/// message (list and stream reads of 500, RPC servers' of 100, matching
/// the baseline), and a publisher with callbacks; see options_for().
class engine_side final : public side {
 public:
  std::string_view name() const override { return "redactor"; }

  void serve_rpc(const std::string& url, transport t, const std::string& key,
                 peer_control& control) override;

  rpc_outcome call_rpc(const std::string& url, transport t,
                       const std::string& key, std::size_t outstanding,
                       std::size_t waiting,
                       const std::function<run_window()>& open_window) override;

  flow_outcome consume(const std::string& url, transport t,
                       const std::string& key, std::uint64_t count,
                       cpu_meter& cpu,
                       const std::function<void()>& on_ready) override;

  flow_outcome publish(const std::string& url, transport t,
                       const std::string& key, std::uint64_t count,
                       std::size_t outstanding, cpu_meter& cpu) override;
};

} // namespace redactor::bench::engine
