// SPDX-License-Identifier: MIT
#include "publishing/request_protocol.hpp"

#include "detail/id_generator.hpp"
#include "redactor/codec/wire_headers.hpp"

namespace redactor::request_protocol {

publish_options outgoing(publish_options options,
                         std::chrono::milliseconds timeout) {
  if (options.correlation_id.empty())
    options.correlation_id = detail::new_uuid4();
  auto deadline = std::chrono::system_clock::now() + timeout;
  set_header(
      options.headers, wire_headers::deadline,
      std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                         deadline.time_since_epoch())
                         .count()));
  return options;
}

result<message> outcome(message reply) {
  if (!reply.header(wire_headers::error))
    return reply;
  return make_error(errc::remote_error, std::string{reply.body()});
}

} // namespace redactor::request_protocol
