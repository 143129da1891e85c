// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "redactor/broker.hpp"

namespace redactor::rpc {

/// One call of a batch: `params` is an array (by position), an object (by
/// name) or null (none).
struct jsonrpc_call {
  std::string method;
  boost::json::value params;
};

/// Calls methods of a JSON-RPC 2.0 server that reads bare requests from
/// the list `list` (serve_jsonrpc(), or any server of the JSON-RPC list
/// convention): each call LPUSHes its request, whose id names a fresh
/// reply list (`<list>:rpc:<token>`), and waits for the response there.
/// Calls share the broker's reply-list waiter (redisrpc_client's): one
/// connection for every call in flight (of each I/O loop).
///
/// Errors: errc::remote_error when the server answered with an error
/// object (the detail is "<message> (<code>)", then its data);
/// errc::timeout when no response came in time (the request is then taken
/// back out of the list if no server took it yet, so it never runs late);
/// errc::protocol_violation for a response that is not JSON-RPC 2.0 or
/// answers another id; errc::not_running before start() or after stop().
///
/// Threading: thread-safe; callbacks run on an engine thread and must be
/// short. The futures are the engine's, as broker::request's: get() on the
/// I/O thread fails at once with errc::would_deadlock, and a handler pool
/// thread waiting in get() counts as blocked, so the pool can still run
/// the handler that answers. Needs Redis: the constructor throws
/// redactor::error (errc::invalid_argument) for a testing::test_broker.
class jsonrpc_client {
 public:
  using callback = std::function<void(result<boost::json::value>)>;

  jsonrpc_client(broker& b, std::string list,
                 std::chrono::milliseconds timeout = std::chrono::seconds{30});

  /// `params`: an array (by position), an object (by name) or null (none).
  std::future<result<boost::json::value>>
  call(std::string_view method, boost::json::value params = nullptr) const;

  void call(std::string_view method, boost::json::value params,
            callback done) const;

  /// A batch in one LPUSH, answered with one response: the results in the
  /// calls' order, each a value or its own remote_error. The batch as a
  /// whole fails only when no response came or it could not be read.
  std::future<result<std::vector<result<boost::json::value>>>>
  call_batch(std::vector<jsonrpc_call> calls) const;

  /// A notification: no id, so no response. Ready once Redis has the
  /// request (count: the list's length after the LPUSH).
  std::future<result<publish_result>>
  notify(std::string_view method, boost::json::value params = nullptr) const;

 private:
  broker* broker_;
  std::string list_;
  std::chrono::milliseconds timeout_;
};

} // namespace redactor::rpc
