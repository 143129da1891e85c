// SPDX-License-Identifier: MIT
#pragma once

// The two backends every behavioural suite runs on: a broker on a real
// redis-server, and the in-memory testing::test_broker. A suite is a typed
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

namespace redactor::test {

/// A broker on the suite's own redis-server.
class on_redis : public broker_test {
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

  /// Writes `payload` unencoded, as a producer that is not Redactor would.
  void inject(const destination& to, std::string_view payload) {
    switch (to.type) {
    case destination::kind::channel:
      command({"PUBLISH", to.name, payload});
      break;
    case destination::kind::list:
      command({"RPUSH", to.name, payload});
      break;
    case destination::kind::stream:
      command({"XADD", to.name, "*", "__data__", payload});
      break;
    }
  }

  long long pending(std::string_view stream, std::string_view group) {
    return broker_test::pending(stream, group);
  }

  /// What a list or stream that nobody reads holds, decoded.
  std::vector<message> written(const destination& to) {
    subscription_spec spec;
    spec.name = to.name;
    std::vector<message> out;
    if (to.type == destination::kind::list) {
      spec.kind = source_kind::list;
      for (auto& item : list_items(to.name))
        out.push_back(detail::message_access::make({item, {}, {}}, spec));
      return out;
    }
    spec.kind = source_kind::stream;
    auto r = command({"XRANGE", to.name, "-", "+"});
    for (std::size_t i = 0; r && i < r->elements; ++i) {
      auto* entry = r->element[i];
      auto* fields = entry->element[1];
      out.push_back(detail::message_access::make(
          {{fields->element[1]->str, fields->element[1]->len},
           entry->element[0]->str,
           {}},
          spec));
    }
    return out;
  }

 private:
  std::unique_ptr<broker> broker_;
};

/// The test broker: no Redis.
class in_memory : public ::testing::Test {
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

/// In this order: tests/CMakeLists.txt labels type 0 redis and type 1 unit.
using backends = ::testing::Types<on_redis, in_memory>;

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
