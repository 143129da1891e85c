// SPDX-License-Identifier: MIT
#include "support/redis_cluster.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <thread>

#include "support/child_process.hpp"
#include "support/node_command.hpp"
#include "support/test_pki.hpp"

namespace redactor::test {
namespace {

using namespace std::chrono_literals;

/// Runs redis-cli with `args`, its output discarded; its exit status.
int redis_cli(const std::vector<std::string>& args) {
  std::vector<std::string> all{"redis-cli"};
  all.insert(all.end(), args.begin(), args.end());
  return wait_child(spawn_child(std::move(all), true));
}

std::string info_field(const std::string& info, const std::string& name) {
  auto at = info.find(name + ":");
  if (at == std::string::npos)
    return {};
  auto begin = at + name.size() + 1;
  return info.substr(begin, info.find('\r', begin) - begin);
}

std::string node_id(int port) {
  return text_of(node_command(port, {"CLUSTER", "MYID"}));
}

void must(const node_reply& r, const std::string& what) {
  if (!r || r->type == REDIS_REPLY_ERROR)
    throw std::runtime_error(what + ": " +
                             (r ? text_of(r) : std::string{"no answer"}));
}

} // namespace

redis_cluster::redis_cluster(int replicas, const test_pki* pki)
    : tls_(pki != nullptr) {
  std::vector<std::string> create{"--cluster", "create"};
  if (pki)
    create.insert(create.begin(), {"--tls", "--cacert", pki->ca_cert()});
  auto nodes = 3 * (1 + replicas);
  for (int i = 0; i < nodes; ++i) {
    // The configuration file in the server's own directory.
    std::vector<std::string> args{"--cluster-enabled",
                                  "yes",
                                  "--cluster-config-file",
                                  "nodes.conf",
                                  "--cluster-node-timeout",
                                  "1000",
                                  "--cluster-port",
                                  std::to_string(free_loopback_port()),
                                  "--repl-diskless-sync",
                                  "yes",
                                  "--repl-diskless-sync-delay",
                                  "0"};
    if (pki) {
      // Nodes announce their TLS ports to clients only when they speak TLS
      // among themselves.
      args.insert(args.end(),
                  {"--tls-cluster", "yes", "--tls-replication", "yes"});
      nodes_.push_back(std::make_unique<redis_server>(*pki, false, args));
    } else {
      nodes_.push_back(std::make_unique<redis_server>(args));
    }
    create.push_back("127.0.0.1:" +
                     std::to_string(client_port(*nodes_.back())));
  }
  create.insert(create.end(), {"--cluster-replicas", std::to_string(replicas),
                               "--cluster-yes"});
  if (redis_cli(create) != 0)
    throw std::runtime_error("redis-cli --cluster create failed");
  auto ready = poll_until(30s, [&] {
    for (auto& n : nodes_) {
      auto info = text_of(node_command(n->port(), {"CLUSTER", "INFO"}));
      if (info_field(info, "cluster_state") != "ok" ||
          info_field(info, "cluster_known_nodes") != std::to_string(nodes))
        return false;
      auto role = node_command(n->port(), {"ROLE"});
      if (!role || role->type != REDIS_REPLY_ARRAY)
        return false;
      if (std::string{role->element[0]->str} == "slave" &&
          std::string{role->element[3]->str} != "connected")
        return false;
      // And every node knows every replica as one (gossip lags ROLE), so a
      // slot map read from any node lists them all.
      auto known = text_of(node_command(n->port(), {"CLUSTER", "NODES"}));
      std::size_t replicas_known = 0;
      for (std::size_t at = known.find("slave"); at != std::string::npos;
           at = known.find("slave", at + 1))
        ++replicas_known;
      if (replicas_known != static_cast<std::size_t>(3 * replicas) ||
          known.find("fail") != std::string::npos ||
          known.find("handshake") != std::string::npos)
        return false;
    }
    return true;
  });
  if (!ready)
    throw std::runtime_error("the cluster did not come up within 30 s");
}

redis_cluster::~redis_cluster() = default;

int redis_cluster::client_port(const redis_server& n) const {
  return tls_ ? n.tls_port() : n.port();
}

std::string redis_cluster::tls_url() const {
  return "rediss-cluster://127.0.0.1:" + std::to_string(nodes_[0]->tls_port()) +
         ",127.0.0.1:" + std::to_string(nodes_[1]->tls_port());
}

std::string redis_cluster::url() const {
  return "redis-cluster://127.0.0.1:" + std::to_string(nodes_[0]->port()) +
         ",127.0.0.1:" + std::to_string(nodes_[1]->port());
}

redis_server& redis_cluster::node(int port) {
  for (auto& n : nodes_)
    if (n->port() == port)
      return *n;
  throw std::runtime_error("no node on port " + std::to_string(port));
}

int redis_cluster::live_port() const {
  for (auto& n : nodes_)
    if (n->pid() > 0 && node_command(n->port(), {"PING"}))
      return n->port();
  throw std::runtime_error("no cluster node answers");
}

node_reply redis_cluster::command(const std::vector<std::string>& args) const {
  auto port = live_port();
  for (int hop = 0; hop < 5; ++hop) {
    auto r = node_command(port, args);
    auto text = text_of(r);
    if (!r || r->type != REDIS_REPLY_ERROR || text.rfind("MOVED ", 0) != 0)
      return r;
    port = std::stoi(text.substr(text.rfind(':') + 1));
  }
  throw std::runtime_error("redirected in circles: " + args[0]);
}

void redis_cluster::flush_all() const {
  for (auto port : masters())
    node_command(port, {"FLUSHALL"});
}

int redis_cluster::master_of(std::uint16_t slot) const {
  auto r = node_command(live_port(), {"CLUSTER", "SLOTS"});
  if (!r || r->type != REDIS_REPLY_ARRAY)
    return 0;
  for (std::size_t i = 0; i < r->elements; ++i) {
    auto* range = r->element[i];
    if (range->element[0]->integer <= slot &&
        slot <= range->element[1]->integer)
      return static_cast<int>(range->element[2]->element[1]->integer);
  }
  return 0;
}

std::vector<int> redis_cluster::masters() const {
  std::vector<int> out;
  auto r = node_command(live_port(), {"CLUSTER", "SLOTS"});
  for (std::size_t i = 0; r && i < r->elements; ++i) {
    auto port =
        static_cast<int>(r->element[i]->element[2]->element[1]->integer);
    if (std::find(out.begin(), out.end(), port) == out.end())
      out.push_back(port);
  }
  return out;
}

std::vector<std::string>
redis_cluster::keys_on_every_master(const std::string& prefix,
                                    std::size_t count) const {
  auto all = masters();
  std::vector<std::string> out;
  auto port = live_port();
  for (int i = 0; out.size() < count && i < 10000; ++i) {
    auto key = prefix + std::to_string(i);
    auto slot = node_command(port, {"CLUSTER", "KEYSLOT", key});
    if (!slot)
      continue;
    if (master_of(static_cast<std::uint16_t>(slot->integer)) ==
        all[out.size() % all.size()])
      out.push_back(key);
  }
  return out;
}

void redis_cluster::migrate_slot(std::uint16_t slot, int to_port) {
  auto from_port = master_of(slot);
  if (from_port == to_port)
    return;
  auto from = node_id(from_port);
  auto to = node_id(to_port);
  auto s = std::to_string(slot);
  must(node_command(to_port, {"CLUSTER", "SETSLOT", s, "IMPORTING", from}),
       "SETSLOT IMPORTING");
  must(node_command(from_port, {"CLUSTER", "SETSLOT", s, "MIGRATING", to}),
       "SETSLOT MIGRATING");
  while (true) {
    auto keys = node_command(from_port, {"CLUSTER", "GETKEYSINSLOT", s, "10"});
    must(keys, "GETKEYSINSLOT");
    if (keys->elements == 0)
      break;
    // Over TLS when the nodes speak it among themselves.
    std::vector<std::string> migrate{
        "MIGRATE", "127.0.0.1", std::to_string(client_port(node(to_port))),
        "",        "0",         "5000",
        "KEYS"};
    for (std::size_t i = 0; i < keys->elements; ++i)
      migrate.emplace_back(keys->element[i]->str, keys->element[i]->len);
    must(node_command(from_port, migrate), "MIGRATE");
  }
  for (int port : {to_port, from_port})
    must(node_command(port, {"CLUSTER", "SETSLOT", s, "NODE", to}),
         "SETSLOT NODE");
  for (auto& n : nodes_)
    if (n->pid() > 0 && n->port() != to_port && n->port() != from_port)
      node_command(n->port(), {"CLUSTER", "SETSLOT", s, "NODE", to});
}

bool redis_cluster::wait_for_failover(int dead_port,
                                      std::chrono::milliseconds timeout) {
  return poll_until(timeout, [&] {
    auto all = masters();
    if (all.size() < 3 ||
        std::find(all.begin(), all.end(), dead_port) != all.end())
      return false;
    auto info = text_of(node_command(live_port(), {"CLUSTER", "INFO"}));
    return info_field(info, "cluster_state") == "ok";
  });
}

} // namespace redactor::test
