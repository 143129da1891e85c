// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace redactor {

/// TLS on the connection (rediss:// URLs). Peer verification is on unless
/// turned off explicitly; TLS 1.2 or newer.
struct tls_options {
  bool enabled = false;
  /// Trusted CA certificates (PEM file, directory of hashed PEMs); both
  /// empty: the system's trust store.
  std::string ca_file;
  std::string ca_dir;
  /// A client certificate and its key (PEM), for servers that require one.
  std::string cert_file;
  std::string key_file;
  /// The name the server's certificate must carry, sent as SNI; empty: the
  /// host connected to.
  std::string server_name;
  /// Verify the server's certificate chain and name. false accepts any
  /// server (testing only).
  bool verify_peer = true;
};

/// Finding the master through Redis Sentinel (redis-sentinel:// URLs).
/// Every connection asks the Sentinels for the master's address, checks
/// with ROLE that the server it reached is the master, and moves when the
/// Sentinels announce a failover (+switch-master) or the server turns out
/// to be a replica (READONLY).
struct sentinel_options {
  struct node {
    std::string host;
    std::uint16_t port = 26379;
  };
  /// The Sentinels, asked in turn; empty: no Sentinel, connect to
  /// connection_options::host and port.
  std::vector<node> nodes;
  /// The name the Sentinels monitor the master under.
  std::string master_name;
  /// The Sentinels' own AUTH (they may have none while the master has one).
  std::string user;
  std::string password;

  bool enabled() const noexcept { return !nodes.empty(); }
};

/// Redis Cluster (redis-cluster:// URLs): the slot map comes from the
/// seeds (CLUSTER SHARDS, else CLUSTER SLOTS) and is refreshed on MOVED,
/// when a connection fails, and every refresh_interval. Each command goes
/// to the master serving its key's slot; list and stream subscriptions
/// read from that master and follow their key when it moves.
struct cluster_options {
  struct node {
    std::string host;
    std::uint16_t port = 6379;
  };
  /// Nodes asked for the slot map until one answers; empty: no cluster.
  std::vector<node> seeds;
  /// How often the slot map is read again without a reason to.
  std::chrono::milliseconds refresh_interval{10000};

  bool enabled() const noexcept { return !seeds.empty(); }
};

/// Where and how to reach Redis.
struct connection_options {
  /// Host name or IP address; ignored when unix_path is set.
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  /// A Unix domain socket path; empty means TCP.
  std::string unix_path;
  /// Database index selected after connecting.
  int db = 0;
  /// ACL user name; empty with a password means the "default" user.
  std::string user;
  /// Password for AUTH; empty means no AUTH.
  std::string password;
  /// How long establishing a connection may take.
  std::chrono::milliseconds connect_timeout{2000};
  /// How long a non-blocking command may wait for its reply; zero waits
  /// forever.
  std::chrono::milliseconds socket_timeout{5000};
  /// A connection that has read nothing for this long is sent a PING, and
  /// counts as broken when that gets no answer within socket_timeout: a
  /// frozen Redis (or a dead link) is noticed without traffic, and idle
  /// subscriptions and the RPC inbox report it in health. Zero: no PING.
  std::chrono::milliseconds health_check_interval{5000};
  /// TLS; rediss:// URLs turn it on. With Sentinel it applies to the
  /// Sentinels and to the master alike.
  tls_options tls;
  /// Sentinel; host and port are then ignored.
  sentinel_options sentinel;
  /// Redis Cluster; host and port are then ignored, and db must be 0.
  cluster_options cluster;

  /// Parses `redis://[user[:password]@]host[:port][/db]` (`rediss://`: the
  /// same over TLS, verified against the system's trust store unless tls
  /// says otherwise; user and password
  /// percent-decoded, IPv6 hosts in brackets), `unix:///path[?db=N]` and
  /// `redis-sentinel://[user[:password]@]host[:port][,host[:port]...][/db]#master`
  /// (`rediss-sentinel://`: over TLS; the credentials are the master's,
  /// port 26379 by default) and
  /// `redis-cluster://[user[:password]@]host[:port][,host[:port]...]`
  /// (`rediss-cluster://`: over TLS; the nodes are seeds).
  /// Throws redactor::error (errc::invalid_argument) saying what is wrong;
  /// the message shows the URL with its password masked.
  static connection_options from_url(std::string_view url);

  /// The options as a URL, with the password masked: for logs.
  std::string display_url() const;
};

} // namespace redactor
