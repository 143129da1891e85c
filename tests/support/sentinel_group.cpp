// SPDX-License-Identifier: MIT
#include "support/sentinel_group.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/node_command.hpp"

namespace redactor::test {
namespace {

using namespace std::chrono_literals;

/// The number of entries in a Sentinel's answer listing peers or replicas
/// that are not flagged down.
std::size_t healthy_entries(const node_reply& r) {
  if (!r || r->type != REDIS_REPLY_ARRAY)
    return 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < r->elements; ++i) {
    auto* entry = r->element[i];
    for (std::size_t k = 0; k + 1 < entry->elements; k += 2)
      if (std::string{entry->element[k]->str} == "flags" &&
          std::string{entry->element[k + 1]->str}.find("down") ==
              std::string::npos &&
          std::string{entry->element[k + 1]->str}.find("disconnected") ==
              std::string::npos)
        ++n;
  }
  return n;
}

/// Whether the data node on `port` replicates from `master_port` and is
/// in sync.
bool follows(int port, int master_port) {
  auto r = node_command(port, {"ROLE"});
  return r && r->type == REDIS_REPLY_ARRAY && r->elements >= 4 &&
         std::string{r->element[0]->str} == "slave" &&
         r->element[2]->integer == master_port &&
         std::string{r->element[3]->str} == "connected";
}

} // namespace

sentinel_group::sentinel_group(std::string sentinel_password)
    : password_(std::move(sentinel_password)) {
  char tmpl[] = "/tmp/redactor-sentinel-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr)
    throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  data_.push_back(std::make_unique<redis_server>());
  auto master = std::to_string(data_[0]->port());
  for (int i = 0; i < 2; ++i)
    data_.push_back(std::make_unique<redis_server>(std::vector<std::string>{
        "--replicaof", "127.0.0.1", master, "--repl-diskless-sync", "yes",
        "--repl-diskless-sync-delay", "0"}));
  for (int i = 0; i < 3; ++i) {
    // Sentinels rewrite their configuration: each gets its own file.
    auto conf = dir_ + "/sentinel-" + std::to_string(i) + ".conf";
    std::ofstream{conf} << "sentinel monitor " << master_name << " 127.0.0.1 "
                        << master << " 2\n"
                        << "sentinel down-after-milliseconds " << master_name
                        << " 1000\n"
                        << "sentinel failover-timeout " << master_name
                        << " 5000\n"
                        << "sentinel parallel-syncs " << master_name << " 2\n";
    if (!password_.empty())
      std::ofstream{conf, std::ios::app} << "requirepass " << password_ << "\n"
                                         << "sentinel sentinel-pass "
                                         << password_ << "\n";
    sentinels_.push_back(std::make_unique<redis_server>(
        std::vector<std::string>{"--sentinel"}, conf));
  }
  // Sentinels find the replicas through the master's INFO, every 10 s,
  // and each other through hellos every 2 s: under sanitizers on a
  // loaded machine that has taken more than 30 s.
  auto ready = poll_until(60s, [&] { return sees_everyone(); });
  if (!ready)
    throw std::runtime_error("the Sentinels did not see each other and both "
                             "replicas within 60 s: " +
                             what_each_sees());
}

std::size_t sentinel_group::healthy(int sentinel_port,
                                    const char* listing) const {
  return healthy_entries(node_command(
      sentinel_port, {"SENTINEL", listing, master_name}, password_));
}

bool sentinel_group::sees_everyone() const {
  for (auto& s : sentinels_)
    if (healthy(s->port(), "replicas") < 2 ||
        healthy(s->port(), "sentinels") < 2)
      return false;
  return follows(data_[1]->port(), data_[0]->port()) &&
         follows(data_[2]->port(), data_[0]->port());
}

std::string sentinel_group::what_each_sees() const {
  std::string out;
  for (auto& s : sentinels_)
    out += "Sentinel " + std::to_string(s->port()) + ": " +
           std::to_string(healthy(s->port(), "replicas")) + " replicas, " +
           std::to_string(healthy(s->port(), "sentinels")) +
           " other Sentinels; ";
  for (std::size_t i = 1; i < data_.size(); ++i)
    out += "replica " + std::to_string(data_[i]->port()) +
           (follows(data_[i]->port(), data_[0]->port()) ? " in sync; "
                                                        : " not in sync; ");
  return out;
}

sentinel_group::~sentinel_group() {
  sentinels_.clear();
  data_.clear();
  std::filesystem::remove_all(dir_);
}

std::string sentinel_group::url() const {
  std::string nodes;
  for (auto& s : sentinels_)
    nodes += (nodes.empty() ? "" : ",") + std::string{"127.0.0.1:"} +
             std::to_string(s->port());
  return "redis-sentinel://" + nodes + "#" + master_name;
}

int sentinel_group::master_port() const {
  for (auto& s : sentinels_) {
    auto r = node_command(
        s->port(),
        {"SENTINEL", "get-master-addr-by-name", std::string{master_name}},
        password_);
    if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 2)
      return std::stoi(r->element[1]->str);
  }
  return 0;
}

redis_server& sentinel_group::master() {
  auto port = master_port();
  for (auto& d : data_)
    if (d->port() == port)
      return *d;
  throw std::runtime_error("no Sentinel names a master");
}

void sentinel_group::failover() {
  auto r = node_command(sentinels_[0]->port(),
                        {"SENTINEL", "FAILOVER", std::string{master_name}},
                        password_);
  if (!r || r->type == REDIS_REPLY_ERROR)
    throw std::runtime_error(std::string{"SENTINEL FAILOVER: "} +
                             (r ? r->str : "no answer"));
}

bool sentinel_group::wait_for_new_master(int old_port,
                                         std::chrono::milliseconds timeout) {
  return poll_until(timeout, [&] {
    for (auto& s : sentinels_) {
      auto r = node_command(
          s->port(),
          {"SENTINEL", "get-master-addr-by-name", std::string{master_name}},
          password_);
      if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
          std::stoi(r->element[1]->str) == old_port)
        return false;
    }
    return true;
  });
}

} // namespace redactor::test
