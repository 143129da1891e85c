// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "redactor/broker.hpp"
#include "redactor/rpc/registry.hpp"

namespace redactor::rpc {

struct redisrpc_server_options {
  /// DEL the queue before the first read, as the Python and PHP servers do
  /// (requests queued while no server ran are dropped); false keeps them,
  /// as Ruby's `run` does.
  bool clear_queue_on_start = true;
  /// EXPIRE set on each response list, so that a response whose client has
  /// already given up does not stay in Redis for ever (Ruby uses 1 s);
  /// zero: none. Only a list the response created gets it: the push and the
  /// EXPIRE run as one script, so a response_queue naming a key of another
  /// type fails the push and leaves the key alone.
  std::chrono::seconds response_ttl{10};
  /// The keys a request may name as its response_queue. Unset: the queue's
  /// name followed by ":rpc:", as the Python, Ruby and PHP clients name
  /// them. A request naming any other key is not answered: it is logged and
  /// counted as failed. "" allows every key, so that anyone who can push to
  /// the queue can append to (and set a TTL on) any list.
  std::optional<std::string> response_queue_prefix;
  /// Requests run at once. 1 keeps the reference servers' one-at-a-time
  /// order, which stateful services (the calculator) rely on.
  std::size_t max_workers = 1;
};

/// Serves `methods` over the list `queue` with the RedisRPC protocol
/// (nfarring/redisrpc 0.3, spoken by its Python, Ruby and PHP clients):
/// reads {"function_call": {"name", "args", "kwargs"}, "response_queue"}
/// and RPUSHes {"return_value": v} or {"exception": "text"} to
/// response_queue.
///
/// Input is data, never code: arguments are bound by position and by
/// declared parameter name (see registry). Every dialect is accepted (args
/// missing, an array, or PHP 8's object; Python's NaN/Infinity tokens). A
/// request that is not JSON, lacks fields, has the wrong arity or types, or
/// whose result cannot be sent (a non-finite number) is answered with an
/// exception when its response_queue is known; otherwise it is logged and
/// counted as failed (subscription_token::counts()), and the server goes
/// on.
///
/// Needs EVAL (the response script) beside RPUSH, unless response_ttl is
/// zero.
///
/// Delivery is the protocol's: a request is removed from the queue when
/// read, so it is lost if the process dies before answering. Returns the
/// list subscription; it starts with the broker (or at once if running).
/// Throws redactor::error (errc::invalid_argument) for a
/// testing::test_broker, which does not carry bare JSON lists.
subscription_token serve_redisrpc(broker& b, std::string queue,
                                  std::shared_ptr<const registry> methods,
                                  redisrpc_server_options options = {});

} // namespace redactor::rpc
