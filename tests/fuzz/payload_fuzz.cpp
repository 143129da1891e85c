// SPDX-License-Identifier: MIT
// Receive-side detection must take any bytes and always yield a message;
// a frame's headers, read where they are, must be what decode() reads.
#include <cstdlib>

#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/payload.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view bytes{reinterpret_cast<const char*>(data), size};
  auto p = redactor::decode_payload(bytes);
  if (p.format == redactor::payload_format::raw && p.body != bytes)
    std::abort();
  if (p.format == redactor::payload_format::binary_v1) {
    auto frame = redactor::binary_format_v1::decode(bytes);
    if (!frame || frame->headers != p.headers || frame->body != p.body)
      std::abort();
  }
  if (p.correlation_id.empty() &&
      !redactor::find_header(p.headers, "correlation_id"))
    std::abort();
  return 0;
}
