// SPDX-License-Identifier: MIT
// redis::connection against a real server: pipelining, AUTH, SELECT,
// refusals, Pub/Sub pushes, and reconnecting after kill -9.
#include "redis/connection.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <future>
#include <mutex>
#include <thread>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "support/redis_test.hpp"

using namespace redactor;
using namespace std::chrono_literals;
using redis::connection;
using redis::connection_state;

namespace {

/// A connection on its own io_loop, with everything it reports recorded.
class connection_probe {
 public:
  connection_probe(const std::string& url,
                   connection::mode m = connection::mode::commands,
                   std::chrono::milliseconds socket_timeout = 5000ms,
                   std::chrono::milliseconds health_check_interval = 5000ms)
      : options_(connection_options::from_url(url)) {
    options_.connect_timeout = 500ms;
    options_.socket_timeout = socket_timeout;
    options_.health_check_interval = health_check_interval;
    run([&] {
      conn_ = std::make_unique<connection>(
          std::make_shared<redis::locator>(loop_, options_), redis::route{}, m,
          connection::listener{
              [this](connection_state s, const error_info* why) {
                std::lock_guard<std::mutex> guard{mtx_};
                states_.push_back(s);
                if (why)
                  last_error_ = *why;
                cv_.notify_all();
              },
              [this](redis::reply r) {
                std::lock_guard<std::mutex> guard{mtx_};
                pushes_.push_back(std::move(r));
                cv_.notify_all();
              }});
      conn_->open();
    });
  }

  ~connection_probe() {
    run([&] { conn_.reset(); });
  }

  template <class F>
  void run(F fn) {
    std::promise<void> done;
    loop_.post([&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }

  /// Sends a command and waits for its outcome.
  result<redis::reply> call(std::vector<std::string> args,
                            std::chrono::milliseconds timeout = 3000ms) {
    auto p = std::make_shared<std::promise<result<redis::reply>>>();
    auto f = p->get_future();
    run([&] {
      std::vector<std::string_view> views(args.begin(), args.end());
      conn_->send(views, [p](result<redis::reply> r) { p->set_value(r); });
    });
    if (f.wait_for(timeout) != std::future_status::ready)
      return make_error(errc::connection_lost, "test timed out");
    return f.get();
  }

  bool wait_for_state(connection_state s, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> guard{mtx_};
    return cv_.wait_for(guard, timeout, [&] {
      return !states_.empty() && states_.back() == s;
    });
  }

  bool wait_for_pushes(std::size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> guard{mtx_};
    return cv_.wait_for(guard, timeout, [&] { return pushes_.size() >= n; });
  }

  bool ever(connection_state s) {
    std::lock_guard<std::mutex> guard{mtx_};
    return std::find(states_.begin(), states_.end(), s) != states_.end();
  }

  error_info last_error() {
    std::lock_guard<std::mutex> guard{mtx_};
    return last_error_;
  }

  std::vector<redis::reply> pushes() {
    std::lock_guard<std::mutex> guard{mtx_};
    return pushes_;
  }

  connection& conn() { return *conn_; }

 private:
  connection_options options_;
  redis::io_loop loop_;
  std::unique_ptr<connection> conn_;
  std::mutex mtx_;
  std::condition_variable cv_;
  std::vector<connection_state> states_;
  std::vector<redis::reply> pushes_;
  error_info last_error_;
};

using connection_test = redactor::test::redis_test;

/// A peer on a loopback port that accepts, answers one PING and hangs up
/// at once, every time: a server that takes connections it cannot keep.
class hang_up_peer {
 public:
  hang_up_peer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    auto* any = reinterpret_cast<sockaddr*>(&addr);
    EXPECT_EQ(::bind(fd_, any, len), 0);
    EXPECT_EQ(::listen(fd_, 16), 0);
    ::getsockname(fd_, any, &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread{[this] { serve(); }};
  }

  ~hang_up_peer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }

  int port() const { return port_; }
  int accepted() const { return accepted_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0)
        continue;
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0)
        continue;
      ++accepted_;
      // The answer to the PING a handshake sends, then the hang-up.
      [[maybe_unused]] auto n = ::write(client, "+PONG\r\n", 7);
      ::close(client);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

} // namespace

TEST_F(connection_test, commands_sent_in_one_turn_are_pipelined_in_order) {
  connection_probe probe{server().url()};
  ASSERT_TRUE(probe.wait_for_state(connection_state::ready, 2000ms));
  std::vector<long long> got;
  std::promise<void> done;
  probe.run([&] {
    for (int i = 0; i < 1000; ++i)
      probe.conn().send({"INCR", "n"}, [&, i](result<redis::reply> r) {
        got.push_back(r ? r->integer : -1);
        if (i == 999)
          done.set_value();
      });
  });
  done.get_future().wait();
  ASSERT_EQ(got.size(), 1000u);
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_EQ(got[i], static_cast<long long>(i + 1));
  // One client connection served all of them.
  auto clients = command({"CLIENT", "LIST"});
  EXPECT_EQ(std::count(clients->str, clients->str + clients->len, '\n'), 2);
}

TEST_F(connection_test, commands_before_ready_wait_and_redis_errors_arrive) {
  connection_probe probe{server().url()};
  auto r = probe.call({"SET", "k", "v"}); // possibly still connecting
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->str, "OK");
  auto wrong = probe.call({"LPUSH", "k", "x"});
  ASSERT_TRUE(wrong);
  EXPECT_TRUE(wrong->is_error("WRONGTYPE"));
}

TEST_F(connection_test, acl_user_and_database_from_the_url) {
  command({"ACL", "SETUSER", "app", "on", ">s3cret", "~*", "&*", "+@all"});
  connection_probe probe{
      "redis://app:s3cret@127.0.0.1:" + std::to_string(server().port()) + "/3"};
  ASSERT_TRUE(probe.wait_for_state(connection_state::ready, 2000ms))
      << probe.last_error().message();
  ASSERT_TRUE(probe.call({"SET", "in-db-3", "1"}));
  command({"SELECT", "3"});
  EXPECT_EQ(command({"EXISTS", "in-db-3"})->integer, 1);
  auto who = probe.call({"ACL", "WHOAMI"});
  ASSERT_TRUE(who);
  EXPECT_EQ(who->str, "app");
}

TEST_F(connection_test, wrong_password_is_a_clear_connection_failure) {
  command({"ACL", "SETUSER", "app", "on", ">right", "~*", "+@all"});
  connection_probe probe{"redis://app:wrong@127.0.0.1:" +
                         std::to_string(server().port())};
  ASSERT_TRUE(probe.wait_for_state(connection_state::disconnected, 2000ms));
  auto err = probe.last_error();
  EXPECT_EQ(err.code, errc::connection_failed);
  EXPECT_NE(err.detail.find("AUTH refused"), std::string::npos) << err.detail;
  EXPECT_EQ(err.detail.find("wrong"), std::string::npos) << "leaks password";
}

TEST_F(connection_test, unreachable_server_is_a_clear_connection_failure) {
  redactor::test::redis_server other;
  auto url = other.url();
  other.kill();
  connection_probe probe{url};
  ASSERT_TRUE(probe.wait_for_state(connection_state::disconnected, 2000ms));
  auto err = probe.last_error();
  EXPECT_EQ(err.code, errc::connection_failed);
  EXPECT_NE(err.detail.find("refused"), std::string::npos) << err.detail;
}

TEST_F(connection_test, pubsub_mode_delivers_confirmations_and_messages) {
  connection_probe probe{server().url(), connection::mode::pubsub};
  probe.run([&] { probe.conn().send({"SUBSCRIBE", "ch"}, nullptr); });
  ASSERT_TRUE(probe.wait_for_pushes(1, 2000ms));
  command({"PUBLISH", "ch", "hello"});
  ASSERT_TRUE(probe.wait_for_pushes(2, 2000ms));
  auto pushes = probe.pushes();
  EXPECT_EQ(pushes[0].elements[0].str, "subscribe");
  EXPECT_EQ(pushes[1].elements[0].str, "message");
  EXPECT_EQ(pushes[1].elements[2].str, "hello");
}

TEST_F(connection_test, reconnects_within_two_seconds_after_kill_9) {
  connection_probe probe{server().url()};
  ASSERT_TRUE(probe.wait_for_state(connection_state::ready, 2000ms));
  // A blocking read is in flight when the server dies.
  auto p = std::make_shared<std::promise<result<redis::reply>>>();
  probe.run([&] {
    probe.conn().send({"BLPOP", "never", "0"},
                      [p](result<redis::reply> r) { p->set_value(r); });
  });
  std::this_thread::sleep_for(50ms);
  server().kill();
  auto lost = p->get_future().get();
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, errc::connection_lost);
  ASSERT_TRUE(probe.wait_for_state(connection_state::disconnected, 2000ms));
  std::this_thread::sleep_for(300ms); // a few failed attempts while down
  server().restart();
  auto back = std::chrono::steady_clock::now();
  ASSERT_TRUE(probe.wait_for_state(connection_state::ready, 2000ms));
  EXPECT_LT(std::chrono::steady_clock::now() - back, 2000ms);
  auto r = probe.call({"PING"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->str, "PONG");
}

/// SIGSTOPs a server for the scope (or until resumed): it keeps accepting
/// TCP in the kernel and answers nothing, like a hung host.
class frozen {
 public:
  explicit frozen(redactor::test::redis_server& server) : pid_(server.pid()) {
    ::kill(pid_, SIGSTOP);
  }
  ~frozen() { resume(); }
  void resume() { ::kill(pid_, SIGCONT); }

 private:
  pid_t pid_;
};

TEST_F(connection_test, a_server_that_stops_answering_fails_the_connection) {
  redactor::test::redis_server hung;
  connection_probe probe{hung.url(), connection::mode::commands, 300ms};
  ASSERT_TRUE(probe.wait_for_state(connection_state::ready, 2000ms));
  frozen freeze{hung};
  auto r = probe.call({"PING"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::connection_lost);
  EXPECT_NE(r.error().detail.find("socket timeout"), std::string::npos)
      << r.error().detail;
  freeze.resume();
  EXPECT_TRUE(probe.wait_for_state(connection_state::ready, 3000ms));
}

TEST_F(connection_test, an_idle_connection_notices_a_frozen_server) {
  for (auto m : {connection::mode::commands, connection::mode::pubsub}) {
    redactor::test::redis_server hung;
    connection_probe probe{hung.url(), m, 300ms, 100ms};
    ASSERT_TRUE(probe.wait_for_state(connection_state::ready, 2000ms));
    frozen freeze{hung};
    ASSERT_TRUE(probe.wait_for_state(connection_state::disconnected, 3000ms));
    EXPECT_NE(probe.last_error().detail.find("socket timeout"),
              std::string::npos)
        << probe.last_error().detail;
    freeze.resume();
    EXPECT_TRUE(probe.wait_for_state(connection_state::ready, 3000ms));
  }
}

TEST_F(connection_test, close_fails_waiting_commands) {
  redactor::test::redis_server other;
  auto url = other.url();
  other.kill();
  connection_probe probe{url};
  auto p = std::make_shared<std::promise<result<redis::reply>>>();
  probe.run([&] {
    probe.conn().send({"PING"},
                      [p](result<redis::reply> r) { p->set_value(r); });
    probe.conn().close();
  });
  auto r = p->get_future().get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::connection_lost);
  EXPECT_EQ(probe.conn().state(), connection_state::closed);
}

TEST_F(connection_test, a_frozen_server_is_not_taken_for_a_live_one) {
  redactor::test::redis_server hung;
  // It still accepts TCP (the kernel does), but answers nothing; it
  // resumes whatever the test found, so that it can be shut down.
  frozen freeze{hung};
  connection_probe probe{hung.url()};
  ASSERT_TRUE(probe.wait_for_state(connection_state::disconnected, 2000ms));
  EXPECT_FALSE(probe.ever(connection_state::ready));
  auto err = probe.last_error();
  EXPECT_EQ(err.code, errc::connection_failed);
  EXPECT_NE(err.detail.find("no answer"), std::string::npos) << err.detail;
  freeze.resume();
  EXPECT_TRUE(probe.wait_for_state(connection_state::ready, 3000ms));
}

TEST_F(connection_test, a_refusal_at_connect_keeps_the_servers_reason) {
  redactor::test::redis_server full;
  // This connection takes the only slot.
  auto* holder = redisConnect("127.0.0.1", full.port());
  ASSERT_TRUE(holder != nullptr && holder->err == 0);
  freeReplyObject(redisCommand(holder, "CONFIG SET maxclients 1"));
  connection_probe probe{full.url()};
  ASSERT_TRUE(probe.wait_for_state(connection_state::disconnected, 2000ms));
  EXPECT_FALSE(probe.ever(connection_state::ready));
  auto err = probe.last_error();
  EXPECT_NE(err.detail.find("max number of clients"), std::string::npos)
      << err.detail;
  redisFree(holder);
}

TEST_F(connection_test, a_peer_that_drops_every_connection_is_not_hammered) {
  hang_up_peer peer;
  connection_probe probe{"redis://127.0.0.1:" + std::to_string(peer.port())};
  std::this_thread::sleep_for(2s);
  // A backoff that grows (about 50, 100, 200, 400, 800 ms) allows about 7
  // connections in 2 s; one that starts over at every handshake, about 50.
  EXPECT_LT(peer.accepted(), 15);
  EXPECT_GE(peer.accepted(), 3);
}
