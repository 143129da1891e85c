// SPDX-License-Identifier: MIT
#include "requests/request_protocol.hpp"

#include <charconv>
#include <iterator>

#include "detail/id_generator.hpp"
#include "redactor/codec/wire_headers.hpp"

namespace redactor::requests {
namespace {

std::int64_t unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             t.time_since_epoch())
      .count();
}

} // namespace

publish_options outgoing(publish_options options,
                         std::chrono::milliseconds timeout) {
  if (options.correlation_id.empty())
    options.correlation_id = detail::new_uuid4();
  set_header(
      options.headers, wire_headers::deadline,
      std::to_string(unix_ms(std::chrono::system_clock::now() + timeout)));
  return options;
}

result<message> outcome(message reply) {
  if (!reply.header(wire_headers::error))
    return reply;
  return make_error(errc::remote_error, std::string{reply.body()});
}

std::optional<std::chrono::milliseconds> overdue(const message& request) {
  auto deadline = request.header(wire_headers::deadline);
  if (!deadline)
    return std::nullopt;
  std::int64_t at_ms = 0;
  auto [end, ec] = std::from_chars(deadline->data(),
                                   deadline->data() + deadline->size(), at_ms);
  if (ec != std::errc{} || end != deadline->data() + deadline->size())
    return std::nullopt;
  auto now_ms = unix_ms(std::chrono::system_clock::now());
  if (now_ms <= at_ms)
    return std::nullopt;
  return std::chrono::milliseconds{now_ms - at_ms};
}

std::string new_inbox() {
  return "redactor:inbox:" + detail::new_uuid4();
}

std::string reply_channel(const std::string& inbox, std::uint64_t n) {
  std::string out;
  out.reserve(inbox.size() + 21); // a dot and up to 20 digits
  append_reply_channel(out, inbox, n);
  return out;
}

void append_reply_channel(std::string& out, const std::string& inbox,
                          std::uint64_t n) {
  char digits[20];
  auto end = std::to_chars(std::begin(digits), std::end(digits), n).ptr;
  out += inbox;
  out += '.';
  out.append(digits, end);
}

std::optional<std::uint64_t> reply_channel_number(const std::string& inbox,
                                                  std::string_view channel) {
  if (channel.size() <= inbox.size() + 1 ||
      channel.compare(0, inbox.size(), inbox) != 0 ||
      channel[inbox.size()] != '.')
    return std::nullopt;
  auto digits = channel.substr(inbox.size() + 1);
  // One name per number: no leading zeros.
  if (digits[0] == '0')
    return std::nullopt;
  std::uint64_t n = 0;
  auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || end != digits.data() + digits.size())
    return std::nullopt;
  return n;
}

} // namespace redactor::requests
