// SPDX-License-Identifier: MIT
#include "workload.hpp"

#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/wire_headers.hpp"

namespace redactor::bench {

std::string_view name_of(transport t) noexcept {
  switch (t) {
  case transport::channel:
    return "channel";
  case transport::list:
    return "list";
  case transport::stream:
    return "stream";
  }
  return "?";
}

std::optional<transport> parse_transport(std::string_view name) noexcept {
  for (auto t : {transport::channel, transport::list, transport::stream})
    if (name_of(t) == name)
      return t;
  return std::nullopt;
}

const std::string& message_body() {
  static const std::string body(body_size, 'x');
  return body;
}

const std::string& one_way_frame() {
  static const std::string frame = [] {
    header_list headers{{std::string{wire_headers::correlation_id},
                         "0f5b4e3c-8a7d-4f21-9c3e-2b6a1d0e9f87"}};
    return binary_format_v1::encode(headers, message_body()).value();
  }();
  return frame;
}

} // namespace redactor::bench
