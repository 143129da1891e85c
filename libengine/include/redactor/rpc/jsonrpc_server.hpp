// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "redactor/broker.hpp"
#include "redactor/list_sub.hpp"
#include "redactor/rpc/registry.hpp"

namespace redactor::rpc {

struct jsonrpc_server_options {
  /// The end requests are popped from. right: first in, first out for
  /// clients that LPUSH, as the JSON-RPC list convention's clients and
  /// jsonrpc_client do; left for clients that RPUSH (FastStream's list
  /// publisher).
  list_end pop_from = list_end::right;
  /// EXPIRE set on each reply list of a bare request, so that an answer
  /// whose client has already given up does not stay in Redis for ever.
  /// Zero: none.
  std::chrono::seconds reply_ttl{10};
  /// The names a bare request's id may give its reply list; "" allows
  /// every name. Whatever the prefix, an answer only ever creates its
  /// list: when a key of that name exists, the answer is not written (it
  /// is logged), so no sender can make the server append to, or set a TTL
  /// on, a key that is already there.
  std::string reply_list_prefix;
  /// Requests run at once. 1 runs them one at a time, in order, which
  /// stateful services (the calculator) rely on.
  std::size_t max_workers = 1;
  /// DEL the list before the first read: requests queued while no server
  /// ran are dropped.
  bool clear_queue_on_start = false;
};

/// Serves `methods` with JSON-RPC 2.0 (https://www.jsonrpc.org/
/// specification) on the list `list`, in both of the forms that reach a
/// list, told apart by their first bytes:
/// - bare JSON, as the JSON-RPC list convention sends it (its Ruby and
///   Python peers; jsonrpc_client): a request, a notification or a batch,
///   answered by RPUSHing the response (an array for a batch) onto the list
///   named by the request's id (a batch's: its first response's), with
///   reply_ttl. A string id is the name as it is; a number, its JSON text.
///   A request whose id is null or unparseable text has nowhere to be
///   answered: it is logged and counted as failed.
/// - a FastStream frame (binary or JSON envelope) with reply_to: answered
///   there, as jsonrpc_handler() answers.
/// Error codes and counting are jsonrpc_handler()'s.
///
/// Delivery is the convention's: a request is removed from the list when
/// read, so it is lost if the process dies before answering. Needs EVAL
/// (the reply is written by a script that creates the list, pushes and
/// sets the TTL at once). Returns the list subscription; it starts with
/// the broker (or at once if running). Throws redactor::error
/// (errc::invalid_argument) for a testing::test_broker, which cannot write
/// reply lists: subscribe jsonrpc_handler() there instead.
subscription_token serve_jsonrpc(broker& b, std::string list,
                                 std::shared_ptr<const registry> methods,
                                 jsonrpc_server_options options = {});

} // namespace redactor::rpc
