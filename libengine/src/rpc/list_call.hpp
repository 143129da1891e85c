// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "engine/redis_services.hpp"

namespace redactor::rpc {

/// One call the way the list RPC conventions make it (RedisRPC, JSON-RPC
/// over lists): waits on `response_list`, then pushes `request` onto
/// `queue` with `push` ("RPUSH" or "LPUSH"), and hands the first value of
/// the response list to `done`. When none comes within `timeout`, the
/// request is taken back out of the queue (LREM) if no server has taken it
/// yet, so that it never runs after its caller gave up.
///
/// Errors: errc::not_running before start() or after stop(), errc::timeout,
/// errc::refused when Redis refused the push, or the connection's error.
void call_over_list(engine::redis_services& broker, const char* push,
                    const std::string& queue, const std::string& response_list,
                    std::string request, std::chrono::milliseconds timeout,
                    std::function<void(result<std::string>)> done);

} // namespace redactor::rpc
