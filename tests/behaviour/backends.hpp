// SPDX-License-Identifier: MIT
#pragma once

// The backends every behavioural suite runs on: a broker on a real
// redis-server, the in-memory testing::test_broker, and a broker on a
// Redis Cluster. A suite is a typed
// test over `backends` (its fixture a class template deriving from the
// backend); it makes its broker with make() and waits with settle(), and
// so reads the same on both.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "processing/message_access.hpp"
#include "redactor/broker.hpp"
#include "redactor/testing/test_broker.hpp"
#include "support/broker_test.hpp"
#include "support/node_command.hpp"
#include "support/redis_cluster.hpp"

namespace redactor::test {

/// Sends one command where its key lives, for reads and writes behind the
/// broker's back.
using key_command = std::function<node_reply(const std::vector<std::string>&)>;

/// The suite's own redis-server.
class single_server : public broker_test {
 public:
  /// PUBLISH counts every subscriber.
  static constexpr bool counts_every_subscriber = true;

 protected:
  broker_options server_options() { return options(); }

  key_command run() {
    return [port = server().port()](const std::vector<std::string>& args) {
      return node_command(port, args);
    };
  }
};

/// A Redis Cluster (three masters, three replicas) shared by the suite and
/// emptied before each test: the suites' keys land on every master.
class cluster_server : public ::testing::Test {
 public:
  /// PUBLISH counts only the subscribers of the node that took it.
  static constexpr bool counts_every_subscriber = false;

  static void SetUpTestSuite() { cluster_ = std::make_unique<redis_cluster>(); }
  static void TearDownTestSuite() { cluster_.reset(); }

 protected:
  void SetUp() override { cluster_->flush_all(); }

  broker_options server_options() {
    broker_options opts;
    opts.connection = connection_options::from_url(cluster_->url());
    opts.graceful_timeout = std::chrono::seconds{2};
    opts.publish_timeout = std::chrono::seconds{5};
    return opts;
  }

  static key_command run() {
    return [](const std::vector<std::string>& args) {
      return cluster_->command(args);
    };
  }

 private:
  static inline std::unique_ptr<redis_cluster> cluster_;
};

/// A broker on `Server`, with what the suites read and write behind its
/// back done the way a producer that is not Redactor would.
template <class Server>
class on_server : public Server {
 protected:
  /// `adjust` changes the suite's default options (the setting a test is
  /// about).
  broker& make(const std::function<void(broker_options&)>& adjust = {}) {
    auto opts = this->server_options();
    if (adjust)
      adjust(opts);
    broker_ = std::make_unique<broker>(opts);
    return *broker_;
  }

  /// Waits until `done` holds (up to 10 s).
  bool settle(const std::function<bool()>& done) { return eventually(done); }

  /// Writes `payload` unencoded.
  void inject(const destination& to, std::string_view payload) {
    std::string body{payload};
    switch (to.type) {
    case destination::kind::channel:
      this->run()({"PUBLISH", to.name, body});
      break;
    case destination::kind::list:
      this->run()({"RPUSH", to.name, body});
      break;
    case destination::kind::stream:
      this->run()({"XADD", to.name, "*", "__data__", body});
      break;
    }
  }

  /// XPENDING's summary count for a group.
  long long pending(std::string_view stream, std::string_view group) {
    auto r = this->run()({"XPENDING", std::string{stream}, std::string{group}});
    return r && r->type == REDIS_REPLY_ARRAY && r->elements > 0
               ? r->element[0]->integer
               : -1;
  }

  /// What a list or stream that nobody reads holds, decoded.
  std::vector<message> written(const destination& to) {
    bool list = to.type == destination::kind::list;
    auto from = processing::message_source::named(
        list ? source_kind::list : source_kind::stream, to.name);
    auto r = list ? this->run()({"LRANGE", to.name, "0", "-1"})
                  : this->run()({"XRANGE", to.name, "-", "+"});
    std::vector<message> out;
    for (std::size_t i = 0; r && i < r->elements; ++i) {
      auto* item = r->element[i];
      if (list) {
        out.push_back(
            processing::decode_message({{item->str, item->len}, {}, {}}, from));
        continue;
      }
      auto* fields = item->element[1];
      out.push_back(processing::decode_message(
          {{fields->element[1]->str, fields->element[1]->len},
           item->element[0]->str,
           {}},
          from));
    }
    return out;
  }

 private:
  std::unique_ptr<broker> broker_;
};

using on_redis = on_server<single_server>;
using on_cluster = on_server<cluster_server>;

/// The test broker: no Redis.
class in_memory : public ::testing::Test {
 public:
  static constexpr bool counts_every_subscriber = true;

 protected:
  broker& make(const std::function<void(broker_options&)>& adjust = {}) {
    broker_options opts;
    if (adjust)
      adjust(opts);
    broker_ = std::make_unique<testing::test_broker>(opts);
    return *broker_;
  }

  /// Runs everything queued, round after round while there is something
  /// (a nacked list item comes back in the next round) and `done` does not
  /// hold yet; handler exceptions are the suites' to count.
  bool settle(const std::function<bool()>& done) {
    for (int round = 0; round < 100 && !done(); ++round)
      if (broker_->run_until_idle(testing::handler_errors::keep_going) == 0)
        break;
    return done();
  }

  void inject(const destination& to, std::string_view payload) {
    ASSERT_TRUE(broker_->inject(to, payload));
  }

  long long pending(std::string_view stream, std::string_view group) {
    return static_cast<long long>(broker_->pending(stream, group));
  }

  std::vector<message> written(const destination& to) {
    return broker_->published(to);
  }

 private:
  std::unique_ptr<testing::test_broker> broker_;
};

/// In this order: tests/CMakeLists.txt labels types 0 and 2 redis and type
/// 1 unit.
using backends = ::testing::Types<on_redis, in_memory, on_cluster>;

/// Names the types by index, as gtest does by default and as ctest's test
/// discovery expects; spelled out because clang's -Wpedantic refuses
/// TYPED_TEST_SUITE without it.
struct backend_index {
  template <class T>
  static std::string GetName(int i) {
    return std::to_string(i);
  }
};

} // namespace redactor::test
