// SPDX-License-Identifier: MIT
// redactor-bench: each scenario through Redactor and through a raw hiredis
// baseline, side by side in one run. See README "Performance".
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "baseline/raw_connection.hpp"
#include "machine.hpp"
#include "report.hpp"
#include "scenarios.hpp"
#include "side.hpp"
#include "support/redis_cluster.hpp"
#include "support/redis_server.hpp"
#include "support/test_pki.hpp"

namespace {

using namespace redactor::bench;

/// What a peer process is told on its command line.
struct peer_args {
  /// "rpc-server", "feed" or "memory"; empty: the bench itself.
  std::string role;
  std::string side = "redactor";
  std::string transport = "channel";
  std::string key;
  std::uint64_t count = 0;
  int rounds = 0;
  std::size_t pending = 0;
};

int run_peer(const std::string& url, const peer_args& args) {
  peer_control control;
  if (args.role == "feed") {
    // Feeds the channel consumers: the same pipelined publisher for both.
    control.ready();
    cpu_meter unused{{}, {}};
    side_named("baseline")
        ->publish(url, transport::channel, args.key, args.count, 1000, unused);
    control.wait_for_stop();
    return 0;
  }
  if (args.role == "memory") {
    bench_settings settings;
    settings.url = url;
    settings.memory_round = args.count;
    settings.memory_rounds = args.rounds;
    settings.pending_requests = args.pending;
    serve_memory_checks(settings, control);
    return 0;
  }
  auto* s = side_named(args.side);
  auto t = parse_transport(args.transport);
  if (s == nullptr || !t || args.role != "rpc-server") {
    std::cerr << "redactor-bench: bad peer arguments\n";
    return 2;
  }
  s->serve_rpc(url, *t, args.key, control);
  return 0;
}

/// False, after saying which, when a scenario lost or failed messages or
/// the memory check did not see every message handled: a fast run that
/// drops work proves nothing.
bool all_delivered(const bench_results& results, std::ostream& out) {
  bool ok = true;
  for (auto& r : results.scenarios)
    if (r.redactor.failed + r.baseline.failed > 0) {
      out << "redactor-bench: " << r.name << ": " << r.redactor.failed
          << " (redactor) and " << r.baseline.failed
          << " (baseline) messages failed or were lost\n";
      ok = false;
    }
  if (results.memory && !results.memory->consumption.complete) {
    out << "redactor-bench: memory: not every message was handled\n";
    ok = false;
  }
  return ok;
}

/// Lets a slow subscriber fall behind instead of being disconnected, so the
/// channel scenario measures speed, not Redis's output buffer limit.
void allow_slow_subscribers(const std::string& url) {
  auto r = redactor::bench::baseline::run_command(
      url, {"CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 0 0"});
  if (!r || r->type == REDIS_REPLY_ERROR)
    std::cerr << "redactor-bench: cannot lift the Pub/Sub output buffer "
                 "limit; a slow channel consumer may be disconnected\n";
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Redactor side by side with a raw hiredis baseline"};
  std::string url;
  bool quick = false;
  std::string json_path;
  std::vector<std::string> only;
  peer_args peer;
  app.add_option("--url", url,
                 "Redis to use (default: start a private redis-server)");
  bool tls = false;
  app.add_flag("--tls", tls,
               "the private redis-server speaks TLS (certificates made for "
               "the run), and both sides use it; with --url, give a "
               "rediss:// URL instead");
  bool cluster = false;
  app.add_flag("--cluster", cluster,
               "also run the publish and consume scenarios on a private "
               "Redis Cluster of three masters (no replicas), Redactor "
               "routing by slot and the baseline on the key's master");
  app.add_flag("--quick", quick, "run every scenario briefly (smoke test)");
  app.add_option("--json", json_path, "also write the results to FILE");
  unsigned runs = 1;
  app.add_option("--runs", runs,
                 "run every scenario N times and report the medians, with "
                 "the ratios' ranges")
      ->check(CLI::Range(1u, 99u));
  app.add_option("--only", only,
                 "run the scenarios whose name contains one of these "
                 "(rpc, consume, publish, channel, list, stream, memory)");
  // The bench starts itself again for RPC servers and the channel feeder.
  auto* internal = app.add_option_group("");
  internal->add_option("--role", peer.role);
  internal->add_option("--side", peer.side);
  internal->add_option("--transport", peer.transport);
  internal->add_option("--key", peer.key);
  internal->add_option("--count", peer.count);
  internal->add_option("--rounds", peer.rounds);
  internal->add_option("--pending", peer.pending);
  CLI11_PARSE(app, argc, argv);

  try {
    if (!peer.role.empty())
      return run_peer(url, peer);

    std::unique_ptr<redactor::test::test_pki> pki;
    std::unique_ptr<redactor::test::redis_server> own;
    if (url.empty() && tls) {
      pki = std::make_unique<redactor::test::test_pki>();
      own = std::make_unique<redactor::test::redis_server>(*pki, false);
      url = own->tls_url();
      // Both sides, and the peer processes started later, trust the run's
      // CA through OpenSSL's default store.
      ::setenv("SSL_CERT_FILE", pki->ca_cert().c_str(), 1);
    } else if (url.empty()) {
      own = std::make_unique<redactor::test::redis_server>();
      url = own->url();
    }
    allow_slow_subscribers(url);
    auto settings = quick ? bench_settings::quick(url) : bench_settings{};
    settings.url = url;
    settings.only = only;
    if (own)
      settings.redis_cpu = [pid = own->pid()] {
        return process_cpu_seconds(pid);
      };

    std::unique_ptr<redactor::test::redis_cluster> own_cluster;
    bench_settings on_cluster;
    if (cluster) {
      own_cluster = std::make_unique<redactor::test::redis_cluster>(0);
      on_cluster = settings;
      on_cluster.url = own_cluster->url();
      on_cluster.cluster = true;
      on_cluster.node_url = [c = own_cluster.get()](const std::string& key) {
        auto slot = c->command({"CLUSTER", "KEYSLOT", key});
        return "redis://127.0.0.1:" +
               std::to_string(
                   c->master_of(static_cast<std::uint16_t>(slot->integer)));
      };
      // Every master's CPU: on two cores they share it with both sides.
      on_cluster.redis_cpu = [c = own_cluster.get()] {
        double sum = 0;
        for (auto& n : c->nodes())
          sum += process_cpu_seconds(n->pid());
        return sum;
      };
    }

    bench_results results;
    results.machine = describe_machine(url, own != nullptr);
    results.quick = quick;
    results.runs = runs;
    print_header(std::cout, results.machine, quick);
    for (unsigned run = 1; run <= runs; ++run) {
      if (runs > 1)
        std::cout << "run " << run << " of " << runs << "\n";
      auto record = [&](scenario_result r) {
        r.run = run;
        print_row(std::cout, r);
        results.scenarios.push_back(std::move(r));
      };
      run_scenarios(settings, record);
      if (cluster)
        run_scenarios(on_cluster, record);
    }
    if (runs > 1)
      print_summary(std::cout, results);
    results.memory = run_memory_checks(settings);
    if (results.memory)
      print_memory(std::cout, *results.memory);
    if (!json_path.empty())
      write_json(json_path, results);
    return all_delivered(results, std::cerr) ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "redactor-bench: " << e.what() << "\n";
    return 1;
  }
}
