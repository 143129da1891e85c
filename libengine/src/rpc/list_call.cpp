// SPDX-License-Identifier: MIT
#include "rpc/list_call.hpp"

namespace redactor::rpc {

void call_over_list(engine::redis_services& broker, const char* push,
                    const std::string& queue, const std::string& response_list,
                    std::string request, std::chrono::milliseconds timeout,
                    std::function<void(result<std::string>)> done) {
  auto lists = broker.response_lists(response_list);
  if (!lists)
    return done(
        make_error(errc::not_running, "before start() or after stop()"));
  auto gateway = broker.commands();
  // Waiting first. The waiter and the push run on this thread's I/O loop
  // but on connections of their own: a response may still come first, and
  // then waits in its list (for its TTL) until the waiter asks.
  lists->wait(
      response_list, std::chrono::steady_clock::now() + timeout,
      [gateway, queue, request, done = std::move(done)](result<std::string> r) {
        if (!r && r.error().code == make_error_code(errc::timeout))
          gateway->command({"LREM", queue, "1", request}, {});
        done(std::move(r));
      });
  gateway->command({push, queue, std::move(request)},
                   [lists, response_list](result<redis::reply> r) {
                     if (!r)
                       lists->fail(response_list, r.error());
                     else if (r->is_error())
                       lists->fail(response_list,
                                   make_error(errc::refused, r->str));
                   });
}

} // namespace redactor::rpc
