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

/// Sends one command where its key lives, for the Redis backends' reads
/// and writes behind the broker's back.
using key_command = std::function<node_reply(const std::vector<std::string>&)>;

/// Writes `payload` unencoded, as a producer that is not Redactor would.
inline void inject_raw(const key_command& run, const destination& to,
                       std::string_view payload) {
  std::string body{payload};
  switch (to.type) {
  case destination::kind::channel:
    run({"PUBLISH", to.name, body});
    break;
  case destination::kind::list:
    run({"RPUSH", to.name, body});
    break;
  case destination::kind::stream:
    run({"XADD", to.name, "*", "__data__", body});
    break;
  }
}

/// XPENDING's summary count for a group.
inline long long pending_of(const key_command& run, std::string_view stream,
                            std::string_view group) {
  auto r = run({"XPENDING", std::string{stream}, std::string{group}});
  return r && r->type == REDIS_REPLY_ARRAY && r->elements > 0
             ? r->element[0]->integer
             : -1;
}

/// What a list or stream that nobody reads holds, decoded.
inline std::vector<message> decoded(const key_command& run,
                                    const destination& to) {
  subscription_spec spec;
  spec.name = to.name;
  spec.kind = to.type == destination::kind::list ? source_kind::list
                                                 : source_kind::stream;
  std::vector<message> out;
  auto r = to.type == destination::kind::list
               ? run({"LRANGE", to.name, "0", "-1"})
               : run({"XRANGE", to.name, "-", "+"});
  for (std::size_t i = 0; r && i < r->elements; ++i) {
    auto* item = r->element[i];
    if (to.type == destination::kind::list) {
      out.push_back(
          detail::message_access::make({{item->str, item->len}, {}, {}}, spec));
      continue;
    }
    auto* fields = item->element[1];
    out.push_back(detail::message_access::make(
        {{fields->element[1]->str, fields->element[1]->len},
         item->element[0]->str,
         {}},
        spec));
  }
  return out;
}

/// A broker on the suite's own redis-server.
class on_redis : public broker_test {
 public:
  /// PUBLISH counts every subscriber.
  static constexpr bool counts_every_subscriber = true;

 protected:
  /// `adjust` changes the suite's default options (the setting a test is
  /// about).
  broker& make(const std::function<void(broker_options&)>& adjust = {}) {
    auto opts = options();
    if (adjust)
      adjust(opts);
    broker_ = std::make_unique<broker>(opts);
    return *broker_;
  }

  /// Waits until `done` holds (up to 10 s).
  bool settle(const std::function<bool()>& done) { return eventually(done); }

  void inject(const destination& to, std::string_view payload) {
    inject_raw(run(), to, payload);
  }

  long long pending(std::string_view stream, std::string_view group) {
    return pending_of(run(), stream, group);
  }

  std::vector<message> written(const destination& to) {
    return decoded(run(), to);
  }

 private:
  key_command run() {
    return [port = server().port()](const std::vector<std::string>& args) {
      return node_command(port, args);
    };
  }

  std::unique_ptr<broker> broker_;
};

/// A broker on a Redis Cluster (three masters, three replicas) shared by
/// the suite and emptied before each test: the suites' keys land on every
/// master.
class on_cluster : public ::testing::Test {
 public:
  /// PUBLISH counts only the subscribers of the node that took it.
  static constexpr bool counts_every_subscriber = false;

  static void SetUpTestSuite() { cluster_ = std::make_unique<redis_cluster>(); }
  static void TearDownTestSuite() { cluster_.reset(); }

 protected:
  void SetUp() override { cluster_->flush_all(); }

  broker& make(const std::function<void(broker_options&)>& adjust = {}) {
    broker_options opts;
    opts.connection = connection_options::from_url(cluster_->url());
    opts.graceful_timeout = std::chrono::seconds{2};
    opts.publish_timeout = std::chrono::seconds{5};
    if (adjust)
      adjust(opts);
    broker_ = std::make_unique<broker>(opts);
    return *broker_;
  }

  bool settle(const std::function<bool()>& done) { return eventually(done); }

  void inject(const destination& to, std::string_view payload) {
    inject_raw(run(), to, payload);
  }

  long long pending(std::string_view stream, std::string_view group) {
    return pending_of(run(), stream, group);
  }

  std::vector<message> written(const destination& to) {
    return decoded(run(), to);
  }

 private:
  static key_command run() {
    return [](const std::vector<std::string>& args) {
      return cluster_->command(args);
    };
  }

  static inline std::unique_ptr<redis_cluster> cluster_;
  std::unique_ptr<broker> broker_;
};

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

  /// Runs everything queued; handler exceptions are the suites' to count.
  bool settle(const std::function<bool()>& done) {
    broker_->run_until_idle(testing::handler_errors::keep_going);
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
