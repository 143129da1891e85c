// SPDX-License-Identifier: MIT
#pragma once

#include "side.hpp"

namespace redactor::bench::baseline {

/// The comparison: what a hand-written hiredis program does at best.
/// Poll loops over non-blocking contexts, one write per
/// turn, requests and replies as small JSON objects whose correlation id
/// and reply channel are found by substring search, no framework.
///
/// It mirrors Redactor's protocol shape so both do the same Redis work: a
/// request goes out with PUBLISH, RPUSH or XADD; the server reads with
/// SUBSCRIBE, BLMPOP ... COUNT 100 or XREADGROUP ... COUNT 100 (+ one XACK
/// per batch) and PUBLISHes each reply to the requester's one reply
/// channel. Consumers read 500 at a time, as the Redactor subscriptions in
/// the scenarios are configured to.
class baseline_side final : public side {
 public:
  std::string_view name() const override { return "baseline"; }

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

} // namespace redactor::bench::baseline
