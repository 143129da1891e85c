// SPDX-License-Identifier: MIT
// Decodes arbitrary bytes as a FastStream binary frame; whatever decodes must
// re-encode to a frame that decodes to the same headers and body.
#include <cstdlib>

#include "redactor/codec/binary_format.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  namespace bf = redactor::binary_format_v1;
  std::string_view bytes{reinterpret_cast<const char*>(data), size};
  auto frame = bf::decode(bytes);
  if (!frame)
    return 0;
  auto again = bf::decode(bf::encode(frame->headers, frame->body).value());
  if (!again || again->headers != frame->headers || again->body != frame->body)
    std::abort();
  return 0;
}
