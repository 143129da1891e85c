// SPDX-License-Identifier: MIT
// JSON-RPC server side from arbitrary bytes: every entry gets an answer our
// own client side can read back.
#include <cstdlib>

#include "codec/jsonrpc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace redactor;
  std::string_view bytes{reinterpret_cast<const char*>(data), size};
  auto in = jsonrpc::decode_requests(bytes);
  std::vector<jsonrpc::response> out;
  for (auto& e : in.entries) {
    if (auto* req = std::get_if<jsonrpc::request>(&e)) {
      if (!req->notification)
        out.push_back({req->id, req->params});
    } else {
      out.push_back(std::get<jsonrpc::response>(e));
    }
  }
  auto text = jsonrpc::encode_responses(in.batch, out);
  if (!text)
    std::abort(); // parsed input always has a JSON form
  if (!text->empty() && !jsonrpc::decode_responses(*text))
    std::abort();
  (void)jsonrpc::decode_responses(bytes);
  return 0;
}
