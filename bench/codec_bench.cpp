// SPDX-License-Identifier: MIT
// Google Benchmark micro-benchmarks of the wire codecs, in bytes/s of input.
#include <benchmark/benchmark.h>

#include "codec/jsonrpc.hpp"
#include "codec/redisrpc.hpp"
#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/payload.hpp"
#include "redactor/codec/wire_headers.hpp"

using namespace redactor;

namespace {

const header_list& sample_headers() {
  static const auto headers = wire_headers::build(
      "8d3c2a0e-6f1b-4c1e-9b7a-2f4c5d6e7f80", wire_headers::application_json,
      "bYLBJtZ0jKGHND6sco57PP", {{"x-tenant", "acme"}});
  return headers;
}

const std::string& sample_body() {
  static const std::string body(100, 'x');
  return body;
}

void binary_encode(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto frame = binary_format_v1::encode(sample_headers(), sample_body());
    bytes += frame->size();
    benchmark::DoNotOptimize(frame);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void binary_decode(benchmark::State& state) {
  auto frame =
      binary_format_v1::encode(sample_headers(), sample_body()).value();
  for (auto _ : state)
    benchmark::DoNotOptimize(binary_format_v1::decode(frame));
  state.SetBytesProcessed(
      static_cast<std::int64_t>(state.iterations() * frame.size()));
}

void payload_detect_raw(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(decode_payload(sample_body()));
  state.SetBytesProcessed(
      static_cast<std::int64_t>(state.iterations() * sample_body().size()));
}

const std::string redisrpc_request =
    R"({"function_call": {"name": "add", "args": [5], "kwargs": {"number": 1.5}}, "response_queue": "calc:rpc:6IIE3KUD"})";

void redisrpc_decode(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(redisrpc::decode_request(redisrpc_request));
  state.SetBytesProcessed(
      static_cast<std::int64_t>(state.iterations() * redisrpc_request.size()));
}

void redisrpc_encode_reply(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto reply = redisrpc::encode_return_value(4.0);
    bytes += reply->size();
    benchmark::DoNotOptimize(reply);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void redisrpc_encode_request(benchmark::State& state) {
  redisrpc::call fn{"add", {1, 2.5}, {{"round", true}}};
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto request = redisrpc::encode_request(fn, "calc:response:8d3c2a0e");
    bytes += request->size();
    benchmark::DoNotOptimize(request);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

const std::string jsonrpc_batch =
    R"([{"jsonrpc":"2.0","method":"sum","params":[1,2,4],"id":"1"},{"jsonrpc":"2.0","method":"notify_hello","params":[7]},{"jsonrpc":"2.0","method":"get_data","id":"9"}])";

void jsonrpc_decode_batch(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(jsonrpc::decode_requests(jsonrpc_batch));
  state.SetBytesProcessed(
      static_cast<std::int64_t>(state.iterations() * jsonrpc_batch.size()));
}

void jsonrpc_encode_batch(benchmark::State& state) {
  std::vector<jsonrpc::response> responses{
      {"1", boost::json::value(7)},
      {"9", boost::json::value{{"hello", 5}, {"items", {1, 2, 3}}}},
      {nullptr, jsonrpc::make_error_object(jsonrpc::error_code::parse_error)}};
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto text = jsonrpc::encode_responses(true, responses);
    bytes += text->size();
    benchmark::DoNotOptimize(text);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

} // namespace

BENCHMARK(binary_encode);
BENCHMARK(binary_decode);
BENCHMARK(payload_detect_raw);
BENCHMARK(redisrpc_decode);
BENCHMARK(redisrpc_encode_reply);
BENCHMARK(redisrpc_encode_request);
BENCHMARK(jsonrpc_decode_batch);
BENCHMARK(jsonrpc_encode_batch);
BENCHMARK_MAIN();
