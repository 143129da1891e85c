// SPDX-License-Identifier: MIT
// RedisRPC requests and responses from arbitrary bytes; a request that
// decodes must survive our own encoder and decode to the same call.
#include <cstdlib>

#include "codec/redisrpc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace redactor;
  std::string_view bytes{reinterpret_cast<const char*>(data), size};
  (void)redisrpc::decode_response(bytes);
  auto req = redisrpc::decode_request(bytes);
  if (!req.fn)
    return 0;
  auto text = redisrpc::encode_request(*req.fn, req.response_queue);
  if (!text)
    return 0; // non-finite arguments have no JSON form
  auto again = redisrpc::decode_request(*text);
  if (!again.fn || again.fn->method != req.fn->method ||
      again.response_queue != req.response_queue ||
      again.fn->args.size() != req.fn->args.size())
    std::abort();
  return 0;
}
