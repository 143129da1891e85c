// SPDX-License-Identifier: MIT
// Redactor over TLS (rediss://) against redis-server's own TLS port, with
// certificates made at run time: each kind of subscription, request/reply,
// a reconnect after kill -9, mutual TLS, a FastStream-style peer
// (python3-redis, ssl=True) on the other side of request/reply, and an
// error a user can act on for each way the handshake can fail.
#include "support/broker_test.hpp"
#include "support/faststream_peer.hpp"
#include "support/test_pki.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

class tls_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new test::test_pki;
    server_ = new test::redis_server{*pki_, false};
  }
  static void TearDownTestSuite() {
    delete server_;
    delete pki_;
  }

  /// Over TLS to the suite's server, trusting the test CA.
  static broker_options tls_options(const std::string& host = "127.0.0.1") {
    broker_options opts;
    opts.connection = connection_options::from_url(server_->tls_url(host));
    opts.connection.tls.ca_file = pki_->ca_cert();
    opts.graceful_timeout = 2s;
    return opts;
  }

  /// start()'s error, or "" when it started.
  static std::string start_error(broker_options opts) {
    opts.connection.connect_timeout = 1s;
    broker b{opts};
    try {
      b.start();
      return "";
    } catch (const error& e) {
      EXPECT_EQ(e.code(), errc::connection_failed) << e.what();
      return e.what();
    }
  }

  static test::test_pki* pki_;
  static test::redis_server* server_;
};

test::test_pki* tls_test::pki_ = nullptr;
test::redis_server* tls_test::server_ = nullptr;

auto echo = [](const message& m) { return "echo:" + std::string(m.body()); };

TEST_F(tls_test, every_kind_of_subscription_and_request_reply) {
  test::collector channel, list, stream;
  broker b{tls_options()};
  auto c = b.subscribe(channel_sub{"tls-news"},
                       [&](const message& m) { channel.add(m); });
  auto l =
      b.subscribe(list_sub{"tls-jobs"}, [&](const message& m) { list.add(m); });
  auto s = b.subscribe(stream_sub{"tls-orders", "g", "c"},
                       [&](const message& m) { stream.add(m); });
  auto svc = b.subscribe(list_sub{"tls-svc"}, echo);
  b.start();
  ASSERT_TRUE(b.publish(destination::channel("tls-news"), "n").get());
  ASSERT_TRUE(b.publish(destination::list("tls-jobs"), "j").get());
  ASSERT_TRUE(b.publish(destination::stream("tls-orders"), "o").get());
  ASSERT_TRUE(channel.wait_for(1));
  ASSERT_TRUE(list.wait_for(1));
  ASSERT_TRUE(stream.wait_for(1));
  auto r = b.request(destination::list("tls-svc"), "ping", 5s).get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->body(), "echo:ping");
  EXPECT_TRUE(b.health().healthy) << b.health().reason;
}

TEST_F(tls_test, a_faststream_peer_requests_from_our_responder) {
  broker b{tls_options()};
  auto svc = b.subscribe(channel_sub{"tls-fs-svc"}, echo);
  b.start();
  EXPECT_EQ(test::run_faststream_peer(server_->tls_port(),
                                      "request --channel tls-fs-svc --count 5 "
                                      "--tls-ca " +
                                          pki_->ca_cert()),
            0);
}

TEST_F(tls_test, a_faststream_peer_serves_our_requester) {
  test::faststream_server peer{server_->tls_port(),
                               "serve --channel tls-fs-peer --count 5 "
                               "--tls-ca " +
                                   pki_->ca_cert()};
  ASSERT_TRUE(peer.ready());
  broker b{tls_options()};
  b.start();
  for (int i = 0; i < 5; ++i) {
    auto body = "q" + std::to_string(i);
    auto r = b.request(destination::channel("tls-fs-peer"), body, 5s).get();
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->body(), "pong:" + body);
  }
  EXPECT_EQ(peer.exit_code(), 0);
}

TEST_F(tls_test, large_messages_cross_in_many_records) {
  test::collector got;
  broker b{tls_options()};
  auto l =
      b.subscribe(list_sub{"tls-big"}, [&](const message& m) { got.add(m); });
  b.start();
  std::string big(3 * 1024 * 1024, 'x'); // ~200 TLS records each way
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(b.publish(destination::list("tls-big"), big).get());
  ASSERT_TRUE(got.wait_for(3));
  for (auto& body : got.bodies())
    EXPECT_EQ(body, big);
}

TEST_F(tls_test, host_names_are_checked) {
  // The certificate names localhost and 127.0.0.1.
  EXPECT_EQ(start_error(tls_options("localhost")), "");
  auto opts = tls_options();
  opts.connection.tls.server_name = "cache.example.org";
  auto why = start_error(opts);
  EXPECT_NE(why.find("not for this host name"), std::string::npos) << why;
}

TEST_F(tls_test, an_untrusted_certificate_is_refused_unless_told_otherwise) {
  auto opts = tls_options();
  opts.connection.tls.ca_file = pki_->other_ca_cert();
  auto why = start_error(opts);
  EXPECT_NE(why.find("not signed by a trusted CA"), std::string::npos) << why;
  // The system trust store does not know the test CA either.
  opts.connection.tls.ca_file.clear();
  why = start_error(opts);
  EXPECT_NE(why.find("not signed by a trusted CA"), std::string::npos) << why;
  opts.connection.tls.verify_peer = false;
  EXPECT_EQ(start_error(opts), "");
}

TEST_F(tls_test, the_wrong_protocol_for_the_port_says_so) {
  auto opts = tls_options();
  opts.connection.port = static_cast<std::uint16_t>(server_->port());
  auto why = start_error(opts);
  EXPECT_NE(why.find("is this port a TLS one?"), std::string::npos) << why;
  // Plain RESP to the TLS port: the server resets the connection.
  opts.connection.tls.enabled = false;
  opts.connection.port = static_cast<std::uint16_t>(server_->tls_port());
  why = start_error(opts);
  EXPECT_NE(why.find("use rediss://"), std::string::npos) << why;
}

TEST_F(tls_test, a_bad_ca_file_is_a_clear_error) {
  auto opts = tls_options();
  opts.connection.tls.ca_file = "/nonexistent/ca.pem";
  auto why = start_error(opts);
  EXPECT_NE(why.find("cannot load the CA certificates"), std::string::npos)
      << why;
}

TEST(tls_mutual, a_client_certificate_when_the_server_asks_for_one) {
  test::test_pki pki;
  test::redis_server server{pki, true};
  broker_options opts;
  opts.connection = connection_options::from_url(server.tls_url());
  opts.connection.connect_timeout = 1s;
  opts.connection.tls.ca_file = pki.ca_cert();
  {
    broker without{opts};
    try {
      without.start();
      ADD_FAILURE() << "started without a client certificate";
    } catch (const error& e) {
      // Said as the alert or, when the server's reset beat the alert, as
      // advice.
      EXPECT_NE(std::string{e.what()}.find("client certificate"),
                std::string::npos)
          << e.what();
    }
  }
  opts.connection.tls.cert_file = pki.client_cert();
  opts.connection.tls.key_file = pki.client_key();
  test::collector got;
  broker b{opts};
  auto l = b.subscribe(list_sub{"mtls"}, [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::list("mtls"), "x").get());
  EXPECT_TRUE(got.wait_for(1));
}

TEST(tls_restart, reading_resumes_after_kill_9) {
  test::test_pki pki;
  test::redis_server server{pki, false};
  broker_options opts;
  opts.connection = connection_options::from_url(server.tls_url());
  opts.connection.tls.ca_file = pki.ca_cert();
  test::collector got;
  broker b{opts};
  auto l = b.subscribe(list_sub{"jobs"}, [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::list("jobs"), "before").get());
  ASSERT_TRUE(got.wait_for(1));
  server.kill();
  server.restart();
  ASSERT_TRUE(b.publish(destination::list("jobs"), "after").get());
  ASSERT_TRUE(got.wait_for(2, 10s));
  EXPECT_EQ(got.bodies(), (std::vector<std::string>{"before", "after"}));
}

} // namespace
