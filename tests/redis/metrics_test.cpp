// SPDX-License-Identifier: MIT
// /metrics and /healthz: exact counts and labels after known traffic, the
// FastStream-compatible names, a taken port, and health through an outage.
#include <cerrno>
#include <stdexcept>

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/broker_test.hpp"
#include "support/collector.hpp"
#include "support/http_get.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

using metrics_test = test::broker_test;

/// The value of the sample `series` (name and labels, exactly as written),
/// or -1 when absent.
double sample(const std::string& text, const std::string& series) {
  auto at = text.find("\n" + series + " ");
  if (at == std::string::npos)
    return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

/// `name{app_name="demo",broker="redis",<labels>}`.
std::string series(const std::string& name, const std::string& labels = {}) {
  return "faststream_" + name + "{app_name=\"demo\",broker=\"redis\"" +
         (labels.empty() ? "" : "," + labels) + "}";
}

broker_options with_metrics(broker_options opts) {
  opts.metrics.listen = "127.0.0.1:0";
  opts.metrics.prefix = "faststream";
  opts.metrics.app_name = "demo";
  opts.metrics.sample_interval = 100ms;
  return opts;
}

TEST_F(metrics_test, counts_known_traffic_exactly) {
  broker b{with_metrics(options())};
  auto list = b.subscribe(list_sub{"jobs"}, [](const message& m) {
    if (m.body() == "boom")
      throw std::invalid_argument{"boom"};
  });
  stream_sub ss{"orders", "g", "c"};
  ss.policy = ack_policy::manual;
  auto stream = b.subscribe(ss, [](const message& m) {
    if (m.body() == "bad")
      m.reject();
    else
      m.ack();
  });
  auto echo = b.subscribe(channel_sub{"echo"}, [](const message& m) {
    return response{std::string{m.body()}};
  });
  b.start();
  auto address = b.metrics_address();
  ASSERT_FALSE(address.empty());
  EXPECT_NE(address, "127.0.0.1:0");

  auto jobs = b.make_publisher(destination::list("jobs"));
  for (auto body : {"a", "boom", "b"})
    ASSERT_TRUE(jobs.publish(body).get());
  auto orders = b.make_publisher(destination::stream("orders"));
  for (auto body : {"ok", "bad"})
    ASSERT_TRUE(orders.publish(body).get());
  auto reply = b.request(destination::channel("echo"), "ping", 5s).get();
  ASSERT_TRUE(reply) << reply.error().message();
  auto lost = b.request(destination::channel("nobody"), "hello", 100ms).get();
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, make_error_code(errc::timeout));
  ASSERT_TRUE(test::eventually([&] {
    return list.counts().handled + list.counts().failed == 3 &&
           stream.counts().handled == 2;
  }));

  std::string text;
  // Stream groups are sampled every 100 ms: wait for the first sample.
  ASSERT_TRUE(test::eventually([&] {
    auto got = test::http_get(address, "/metrics");
    text = got.body;
    return got.status == 200 &&
           sample(text, series("stream_pending_entries",
                               "group=\"g\",stream=\"orders\"")) == 1;
  })) << text;

  auto handler = [](const std::string& h, const std::string& more = {}) {
    return "handler=\"" + h + "\"" + (more.empty() ? "" : "," + more);
  };
  EXPECT_EQ(sample(text, series("received_messages_total", handler("jobs"))),
            3);
  EXPECT_EQ(sample(text, series("received_processed_messages_total",
                                handler("jobs", "status=\"acked\""))),
            2);
  EXPECT_EQ(sample(text, series("received_processed_messages_total",
                                handler("jobs", "status=\"error\""))),
            1);
  EXPECT_EQ(sample(text, series("received_processed_messages_exceptions_total",
                                "exception_type=\"std::invalid_argument\"," +
                                    handler("jobs"))),
            1);
  EXPECT_EQ(sample(text, series("received_processed_messages_duration_seconds_"
                                "count",
                                handler("jobs"))),
            3);
  EXPECT_EQ(
      sample(text, series("received_messages_size_bytes_sum", handler("jobs"))),
      6);
  EXPECT_EQ(
      sample(text, series("received_messages_in_process", handler("jobs"))), 0);
  // Only statuses that happened are written.
  EXPECT_EQ(sample(text, series("received_processed_messages_total",
                                handler("jobs", "status=\"nacked\""))),
            -1);

  EXPECT_EQ(sample(text, series("received_messages_total", handler("orders"))),
            2);
  EXPECT_EQ(sample(text, series("received_processed_messages_total",
                                handler("orders", "status=\"acked\""))),
            1);
  EXPECT_EQ(sample(text, series("received_processed_messages_total",
                                handler("orders", "status=\"rejected\""))),
            1);
  EXPECT_EQ(sample(text, series("stream_lag", "group=\"g\",stream=\"orders\"")),
            0);

  // The responder's side: received, but its reply is not a publish.
  EXPECT_EQ(sample(text, series("received_messages_total", handler("echo"))),
            1);
  EXPECT_EQ(sample(text, series("published_messages_total",
                                "destination=\"jobs\",status=\"success\"")),
            3);
  EXPECT_EQ(sample(text, series("published_messages_total",
                                "destination=\"orders\",status=\"success\"")),
            2);
  // Each request is one publish; the reply it got is not "received".
  EXPECT_EQ(sample(text, series("published_messages_total",
                                "destination=\"echo\",status=\"success\"")),
            1);
  EXPECT_EQ(sample(text, series("published_messages_total",
                                "destination=\"nobody\",status=\"success\"")),
            1);
  EXPECT_EQ(sample(text, series("published_messages_total",
                                "destination=\"jobs\",status=\"error\"")),
            -1);
  EXPECT_EQ(text.find("handler=\"redactor:inbox:"), std::string::npos);
  EXPECT_EQ(sample(text, series("published_messages_duration_seconds_count",
                                "destination=\"jobs\"")),
            3);

  EXPECT_EQ(sample(text, series("rpc_pending_requests")), 0);
  EXPECT_EQ(sample(text, series("rpc_replies_total")), 1);
  EXPECT_EQ(sample(text, series("rpc_timeouts_total")), 1);
  EXPECT_EQ(sample(text, series("rpc_late_replies_total")), 0);
  EXPECT_EQ(sample(text, series("rpc_duration_seconds_count",
                                "destination=\"echo\"")),
            1);
  EXPECT_EQ(sample(text, series("rpc_duration_seconds_count",
                                "destination=\"nobody\"")),
            -1);
  EXPECT_EQ(sample(text, series("connection_up",
                                "connection=\"commands\",role=\"master\"")),
            1);
  EXPECT_EQ(sample(text, series("connection_up",
                                "connection=\"list jobs\",role=\"master\"")),
            1);
  EXPECT_EQ(sample(text, series("connection_reconnects_total",
                                "connection=\"commands\",role=\"master\"")),
            0);
  EXPECT_EQ(sample(text, series("subscription_up", handler("orders"))), 1);
  EXPECT_EQ(sample(text, series("subscription_mailbox_depth", handler("jobs"))),
            0);
  EXPECT_EQ(sample(text, series("deadline_dropped_total", handler("echo"))), 0);
  EXPECT_EQ(sample(text, series("publish_retries_total")), 0);

  auto health = test::http_get(address, "/healthz");
  EXPECT_EQ(health.status, 200);
  // The verdict, then where each connection is.
  EXPECT_EQ(health.body.substr(0, 3), "ok\n");
  EXPECT_NE(health.body.find("\ncommands: 127.0.0.1:" +
                             std::to_string(server().port()) + " master up\n"),
            std::string::npos)
      << health.body;
  EXPECT_EQ(b.metrics_text().find("faststream_received_messages_total"),
            text.find("faststream_received_messages_total"));
}

TEST_F(metrics_test, pattern_handler_label_is_the_channel) {
  test::collector got;
  broker b{with_metrics(options())};
  auto sub =
      b.subscribe(channel_sub{"p.*"}, [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::channel("p.info"), "x").get());
  ASSERT_TRUE(b.publish(destination::channel("p.warn"), "y").get());
  ASSERT_TRUE(got.wait_for(2));
  auto text = b.metrics_text();
  EXPECT_EQ(
      sample(text, series("received_messages_total", "handler=\"p.info\"")), 1);
  EXPECT_EQ(
      sample(text, series("received_messages_total", "handler=\"p.warn\"")), 1);
  EXPECT_EQ(sample(text, series("received_messages_total", "handler=\"p.*\"")),
            -1);
}

TEST_F(metrics_test, taken_port_is_a_clear_error) {
  broker first{with_metrics(options())};
  first.start();
  auto opts = options();
  opts.metrics.listen = first.metrics_address();
  broker second{opts};
  try {
    second.start();
    FAIL() << "started on a taken port";
  } catch (const error& e) {
    EXPECT_EQ(e.info().code, make_error_code(errc::invalid_argument));
    EXPECT_NE(std::string{e.what()}.find(opts.metrics.listen),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(second.running());
  opts.metrics.listen = "not-an-address";
  broker third{opts};
  EXPECT_THROW(third.start(), error);
}

TEST_F(metrics_test, idle_clients_do_not_hold_up_the_liveness_probe) {
  broker b{with_metrics(options())};
  b.start();
  auto address = b.metrics_address();
  std::vector<int> idle;
  for (int i = 0; i < 10; ++i)
    idle.push_back(test::tcp_connect(address));
  for (int fd : idle)
    ASSERT_GE(fd, 0);
  auto health = test::http_get(address, "/healthz");
  EXPECT_EQ(health.status, 200);
  // Answered while all ten still held their connections open.
  for (int fd : idle) {
    char byte;
    EXPECT_EQ(::recv(fd, &byte, 1, MSG_DONTWAIT), -1);
    EXPECT_EQ(errno, EAGAIN);
    ::close(fd);
  }
}

TEST(metrics_health, reports_a_frozen_redis_without_any_traffic) {
  test::redis_server server{false};
  broker_options opts;
  opts.connection = connection_options::from_url(server.url());
  opts.connection.socket_timeout = 300ms;
  opts.connection.health_check_interval = 100ms;
  broker b{opts};
  auto sub = b.subscribe(channel_sub{"quiet"}, [](const message&) {});
  b.start();
  ASSERT_TRUE(b.health().healthy) << b.health().reason;
  ::kill(server.pid(), SIGSTOP);
  struct resume {
    pid_t pid;
    ~resume() { ::kill(pid, SIGCONT); }
  } resume_at_end{server.pid()};
  // Each connection notices on its own PING.
  std::string reason;
  EXPECT_TRUE(test::eventually(
      [&] {
        reason = b.health().reason;
        return reason.find("commands connection down") != std::string::npos &&
               reason.find("channel quiet: not reading") != std::string::npos &&
               reason.find("rpc-inbox: not reading") != std::string::npos;
      },
      5s))
      << reason;
  ::kill(server.pid(), SIGCONT);
  EXPECT_TRUE(test::eventually([&] { return b.health().healthy; }, 5s))
      << b.health().reason;
}

TEST(metrics_health, reports_an_outage_and_the_recovery) {
  test::redis_server server{false};
  broker_options opts;
  opts.connection = connection_options::from_url(server.url());
  opts.metrics.listen = "127.0.0.1:0";
  broker b{opts};
  EXPECT_FALSE(b.health().healthy);
  EXPECT_EQ(b.health().reason, "not running");
  auto sub = b.subscribe(list_sub{"jobs"}, [](const message&) {});
  b.start();
  EXPECT_TRUE(b.health().healthy) << b.health().reason;
  auto address = b.metrics_address();

  server.kill();
  ASSERT_TRUE(test::eventually([&] { return !b.health().healthy; }));
  auto down = test::http_get(address, "/healthz");
  EXPECT_EQ(down.status, 503);
  EXPECT_NE(down.body.find("list jobs: not reading"), std::string::npos)
      << down.body;

  server.restart();
  ASSERT_TRUE(test::eventually([&] { return b.health().healthy; }))
      << b.health().reason;
  EXPECT_EQ(test::http_get(address, "/healthz").status, 200);
  auto text = test::http_get(address, "/metrics").body;
  EXPECT_EQ(sample(text, "redactor_connection_reconnects_total{app_name="
                         "\"redactor\",broker=\"redis\",connection=\"list "
                         "jobs\",role=\"master\"}"),
            1)
      << text;
  b.stop();
  EXPECT_EQ(b.metrics_address(), "");
}

} // namespace
