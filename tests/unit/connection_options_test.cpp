// SPDX-License-Identifier: MIT
#include "redactor/connection_options.hpp"

#include <gtest/gtest.h>

#include "redactor/error.hpp"

using redactor::connection_options;

TEST(connection_options, tcp_urls) {
  auto plain = connection_options::from_url("redis://example.org");
  EXPECT_EQ(plain.host, "example.org");
  EXPECT_EQ(plain.port, 6379);
  EXPECT_EQ(plain.db, 0);
  EXPECT_TRUE(plain.user.empty());
  auto full =
      connection_options::from_url("redis://app:p%40ss%3Aword@10.0.0.5:6380/3");
  EXPECT_EQ(full.user, "app");
  EXPECT_EQ(full.password, "p@ss:word");
  EXPECT_EQ(full.host, "10.0.0.5");
  EXPECT_EQ(full.port, 6380);
  EXPECT_EQ(full.db, 3);
  auto odd = connection_options::from_url("redis://app:a/b?c@d@h:2");
  EXPECT_EQ(odd.password, "a/b?c@d");
  EXPECT_EQ(odd.host, "h");
  auto pw_only = connection_options::from_url("redis://:secret@h:1");
  EXPECT_TRUE(pw_only.user.empty());
  EXPECT_EQ(pw_only.password, "secret");
  auto v6 = connection_options::from_url("redis://[::1]:7000/2");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 7000);
  EXPECT_EQ(v6.db, 2);
  EXPECT_EQ(connection_options::from_url("redis://h?db=4").db, 4);
}

TEST(connection_options, rediss_urls_turn_tls_on) {
  auto secure =
      connection_options::from_url("rediss://app:pw@cache.example:6380/2");
  EXPECT_TRUE(secure.tls.enabled);
  EXPECT_TRUE(secure.tls.verify_peer);
  EXPECT_EQ(secure.host, "cache.example");
  EXPECT_EQ(secure.port, 6380);
  EXPECT_EQ(secure.db, 2);
  EXPECT_EQ(secure.display_url(), "rediss://app:***@cache.example:6380/2");
  EXPECT_FALSE(connection_options::from_url("redis://h").tls.enabled);
}

TEST(connection_options, unix_urls) {
  auto u = connection_options::from_url("unix:///run/redis.sock?db=5");
  EXPECT_EQ(u.unix_path, "/run/redis.sock");
  EXPECT_EQ(u.db, 5);
  EXPECT_EQ(connection_options::from_url("unix:///tmp/r.sock").db, 0);
}

TEST(connection_options, bad_urls_say_what_is_wrong) {
  for (const char* bad :
       {"http://h", "redis:/h", "redis://", "redis://h:99999", "redis://h:port",
        "redis://h/x", "redis://[::1", "redis://h?x=1", "unix://relative",
        "redis://%zz@h", "redis://h:"}) {
    try {
      (void)connection_options::from_url(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const redactor::error& e) {
      EXPECT_EQ(e.code(), redactor::errc::invalid_argument) << bad;
      EXPECT_NE(std::string{e.what()}.find(bad), std::string::npos) << bad;
    }
  }
}

TEST(connection_options, errors_never_show_the_password) {
  for (const char* bad :
       {"redis://app:s3cr%zzet@h", "redis://app:s3cr%4@h",
        "redis://app:s3cr/et@h:notaport", "redis://app:s3cr?et@h:x",
        "redis://app:s3cr@et@h:1:2", "redis://app:s3cret@[::1"}) {
    try {
      (void)connection_options::from_url(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const redactor::error& e) {
      std::string what = e.what();
      EXPECT_EQ(what.find("s3cr"), std::string::npos) << what;
      EXPECT_EQ(what.find("et@"), std::string::npos) << what;
      EXPECT_NE(what.find("app:***"), std::string::npos) << what;
    }
  }
}

TEST(connection_options, display_url_masks_the_password) {
  auto o = connection_options::from_url("redis://app:secret@h:6380/1");
  EXPECT_EQ(o.display_url(), "redis://app:***@h:6380/1");
}

TEST(connection_options, parses_sentinel_urls) {
  auto o = connection_options::from_url(
      "redis-sentinel://app:p%23w@s1,s2:26380,[::1]:5000/2#mymaster");
  ASSERT_EQ(o.sentinel.nodes.size(), 3u);
  EXPECT_EQ(o.sentinel.nodes[0].host, "s1");
  EXPECT_EQ(o.sentinel.nodes[0].port, 26379);
  EXPECT_EQ(o.sentinel.nodes[1].host, "s2");
  EXPECT_EQ(o.sentinel.nodes[1].port, 26380);
  EXPECT_EQ(o.sentinel.nodes[2].host, "::1");
  EXPECT_EQ(o.sentinel.nodes[2].port, 5000);
  EXPECT_EQ(o.sentinel.master_name, "mymaster");
  // The credentials are the master's; the Sentinels' come separately.
  EXPECT_EQ(o.user, "app");
  EXPECT_EQ(o.password, "p#w");
  EXPECT_TRUE(o.sentinel.password.empty());
  EXPECT_EQ(o.db, 2);
  EXPECT_FALSE(o.tls.enabled);
  EXPECT_EQ(o.display_url(),
            "redis-sentinel://app:***@s1:26379,s2:26380,[::1]:5000/2#mymaster");

  auto secure = connection_options::from_url("rediss-sentinel://s1#m");
  EXPECT_TRUE(secure.tls.enabled);
  EXPECT_TRUE(secure.sentinel.enabled());
  EXPECT_EQ(secure.display_url(), "rediss-sentinel://s1:26379#m");
  EXPECT_FALSE(connection_options::from_url("redis://h").sentinel.enabled());
}

TEST(connection_options, refuses_sentinel_urls_without_a_master_name) {
  for (const char* bad :
       {"redis-sentinel://s1", "redis-sentinel://s1#", "redis://h#m",
        "redis-sentinel://s1,#m", "redis-sentinel://s1:x#m"}) {
    try {
      (void)connection_options::from_url(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const redactor::error& e) {
      EXPECT_EQ(e.code(), redactor::errc::invalid_argument) << bad;
    }
  }
}

TEST(connection_options, parses_cluster_urls) {
  auto o = connection_options::from_url(
      "redis-cluster://app:p%40ss@n1,n2:7001,[::1]:7002");
  ASSERT_EQ(o.cluster.seeds.size(), 3u);
  EXPECT_EQ(o.cluster.seeds[0].host, "n1");
  EXPECT_EQ(o.cluster.seeds[0].port, 6379);
  EXPECT_EQ(o.cluster.seeds[1].port, 7001);
  EXPECT_EQ(o.cluster.seeds[2].host, "::1");
  EXPECT_EQ(o.user, "app");
  EXPECT_EQ(o.password, "p@ss");
  EXPECT_FALSE(o.tls.enabled);
  EXPECT_FALSE(o.sentinel.enabled());
  EXPECT_EQ(o.display_url(),
            "redis-cluster://app:***@n1:6379,n2:7001,[::1]:7002");
  auto secure = connection_options::from_url("rediss-cluster://n1:7000");
  EXPECT_TRUE(secure.tls.enabled);
  EXPECT_TRUE(secure.cluster.enabled());
  EXPECT_EQ(secure.display_url(), "rediss-cluster://n1:7000");
  EXPECT_FALSE(connection_options::from_url("redis://h").cluster.enabled());
}

TEST(connection_options, refuses_cluster_urls_with_a_database_or_master) {
  for (const char* bad : {"redis-cluster://n1/2", "redis-cluster://n1#m",
                          "redis-cluster://n1,", "redis-cluster://"}) {
    try {
      (void)connection_options::from_url(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const redactor::error& e) {
      EXPECT_EQ(e.code(), redactor::errc::invalid_argument) << bad;
    }
  }
}
