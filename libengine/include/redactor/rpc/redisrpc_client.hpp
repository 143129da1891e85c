// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "redactor/broker.hpp"

namespace redactor::rpc {

/// Calls methods of a RedisRPC server (ours, or the Python, Ruby or PHP
/// reference servers) on the list `queue`.
///
/// Each call RPUSHes its request with a fresh response list
/// (`<queue>:rpc:<8 characters A-Z0-9>`, as the Python client names them)
/// and waits for the response there. Calls do not take a connection each:
/// all calls of a broker (of each of its I/O loops, and on a cluster of
/// each slot) share one connection that pops, in rounds, every
/// response list with a value (one script; EVAL must be allowed) and
/// blocks in one BLPOP over all of them when none had one, so the cost per
/// call stays flat up to 100,000 calls at once; plus the broker's command
/// connection.
///
/// Errors: errc::remote_error when the server answered with an exception
/// (the detail is its text), errc::timeout when no response came in time
/// (the request is then removed from the queue if no server took it yet,
/// as the Ruby client does, so it never runs late), errc::protocol_violation
/// for a response that is not RedisRPC, errc::connection_lost when the
/// broker is not running.
///
/// Threading: thread-safe; callbacks run on an engine thread and must be
/// short. The futures are the engine's, as broker::request's: get() on the
/// I/O thread fails at once with errc::would_deadlock, and a handler pool
/// thread waiting in get() counts as blocked. The broker must be running
/// for calls to succeed.
///
/// RedisRPC's bare JSON lists need Redis: the constructor throws
/// redactor::error (errc::invalid_argument) for a testing::test_broker.
class redisrpc_client {
 public:
  redisrpc_client(broker& b, std::string queue,
                  std::chrono::milliseconds timeout = std::chrono::seconds{30});

  std::future<result<boost::json::value>>
  call(std::string_view method, boost::json::array args = {},
       boost::json::object kwargs = {}) const;

  void call(std::string_view method, boost::json::array args,
            boost::json::object kwargs,
            std::function<void(result<boost::json::value>)> callback) const;

 private:
  broker* broker_;
  std::string queue_;
  std::chrono::milliseconds timeout_;
};

} // namespace redactor::rpc
