// SPDX-License-Identifier: MIT
// FastStream wire compatibility, tested from the other side: a Python peer
// written from the spec reads what we write and writes what FastStream
// writes.
#include <cstdlib>
#include <future>

#include <boost/json.hpp>

#include "redactor/broker.hpp"
#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/payload.hpp"
#include "redactor/codec/wire_headers.hpp"
#include "support/faststream_peer.hpp"
#include "support/redis_test.hpp"

using namespace redactor;
using namespace std::chrono_literals;
using faststream_interop = redactor::test::redis_test;
namespace test = redactor::test;
namespace json = boost::json;

namespace {

std::vector<std::string> list_items(const redactor::test::reply_ptr& r) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < r->elements; ++i)
    out.emplace_back(r->element[i]->str, r->element[i]->len);
  return out;
}

} // namespace

TEST_F(faststream_interop, faststream_peer_reads_our_frames) {
  struct sample {
    header_list headers;
    std::string body;
  };
  const sample samples[] = {
      {wire_headers::build("c1", "text/plain", "r1", {{"x", "y"}}), "hi"},
      {wire_headers::build("c2", "application/json", "", {}), R"({"n": 1})"},
      {wire_headers::build("c3", "", "", {{"name", "Zo\xc3\xab"}}),
       std::string{"\x00\xff", 2}},
      {wire_headers::build("", "", "", {}), ""},
  };
  for (const auto& s : samples) {
    auto frame = binary_format_v1::encode(s.headers, s.body);
    ASSERT_TRUE(frame);
    json::array headers;
    for (const auto& h : s.headers)
      headers.push_back(
          json::array{json::string_view{h.name}, json::string_view{h.value}});
    json::object expect{{"headers", headers},
                        {"body_hex", test::to_hex(s.body)}};
    command({"RPUSH", "interop:cpp", *frame});
    command({"RPUSH", "interop:cpp:expect", json::serialize(expect)});
  }
  EXPECT_EQ(test::run_faststream_peer(server().port(), "check"), 0);
}

TEST_F(faststream_interop, we_read_the_faststream_peers_payloads) {
  ASSERT_EQ(test::run_faststream_peer(server().port(), "write"), 0);
  auto payloads = list_items(command({"LRANGE", "interop:py", "0", "-1"}));
  auto expects =
      list_items(command({"LRANGE", "interop:py:expect", "0", "-1"}));
  ASSERT_EQ(payloads.size(), 7u);
  ASSERT_EQ(expects.size(), payloads.size());
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    SCOPED_TRACE(expects[i]);
    auto want = json::parse(expects[i]).as_object();
    auto got = decode_payload(payloads[i]);
    const char* formats[] = {"binary_v1", "json_envelope", "raw"};
    EXPECT_EQ(formats[static_cast<int>(got.format)],
              want["format"].as_string());
    header_list headers;
    for (const auto& h : want["headers"].as_array())
      headers.push_back({std::string{h.as_array()[0].as_string()},
                         std::string{h.as_array()[1].as_string()}});
    EXPECT_EQ(got.headers, headers);
    EXPECT_EQ(test::to_hex(got.body), want["body_hex"].as_string());
    EXPECT_EQ(got.reply_to, want["reply_to"].as_string());
    if (auto* cid = want.if_contains("correlation_id")) {
      EXPECT_EQ(got.correlation_id, cid->as_string());
    }
  }
}

TEST_F(faststream_interop, a_responder_that_sets_its_own_correlation_id) {
  // FastStream's documented Response(correlation_id="some-correlation-id"):
  // the reply is ours by the channel it comes on, and reaches the caller
  // with the responder's id and headers as they were sent.
  test::faststream_server peer{server().port(),
                               "serve --channel fs-own-cid --count 3 "
                               "--reply-correlation-id some-correlation-id"};
  ASSERT_TRUE(peer.ready());
  broker_options opts;
  opts.connection = connection_options::from_url(server().url());
  broker b{opts};
  b.start();
  std::vector<std::future<result<message>>> calls;
  for (int i = 0; i < 3; ++i)
    calls.push_back(b.request(destination::channel("fs-own-cid"),
                              "q" + std::to_string(i), 5s));
  for (int i = 0; i < 3; ++i) {
    auto r = calls[i].get();
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->body(), "pong:q" + std::to_string(i));
    EXPECT_EQ(r->correlation_id(), "some-correlation-id");
    EXPECT_EQ(r->header("x-responder"), "faststream");
  }
  EXPECT_EQ(peer.exit_code(), 0);
  EXPECT_EQ(b.requests().replied, 3u);
}

TEST_F(faststream_interop, the_faststream_peer_reads_a_stream_batch) {
  broker_options opts;
  opts.connection = connection_options::from_url(server().url());
  broker b{opts};
  b.start();
  auto pub = b.make_publisher(destination::stream("interop:stream", 1000));
  auto sent = pub.publish_batch({"one", "two", "three"}).get();
  ASSERT_TRUE(sent) << sent.error().message();
  EXPECT_EQ(sent->entry_ids.size(), 3u);
  for (const char* body : {"one", "two", "three"})
    command({"RPUSH", "interop:stream:expect", body});
  EXPECT_EQ(test::run_faststream_peer(server().port(),
                                      "check-stream --channel interop:stream"),
            0);
}

TEST_F(faststream_interop, get_one_reads_the_faststream_peers_stream_backlog) {
  ASSERT_EQ(test::run_faststream_peer(
                server().port(),
                "write-stream --channel interop:stream:py --count 3"),
            0);
  broker_options opts;
  opts.connection = connection_options::from_url(server().url());
  broker b{opts};
  b.start();
  stream_sub sub{"interop:stream:py", "readers", "r1"};
  sub.last_id = "0"; // the group starts with what FastStream added before
  for (int i = 0; i < 3; ++i) {
    auto got = b.get_one(sub, 5s);
    ASSERT_TRUE(got) << got.error().message();
    ASSERT_TRUE(got->has_value()) << "entry " << i;
    EXPECT_EQ((*got)->body(), "entry " + std::to_string(i));
    EXPECT_EQ((*got)->correlation_id(), "py-stream-" + std::to_string(i));
  }
  auto none = b.get_one(sub, 200ms);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  // Each was acknowledged under the default policy: nothing pending.
  auto pending = command({"XPENDING", "interop:stream:py", "readers"});
  ASSERT_TRUE(pending && pending->elements > 0);
  EXPECT_EQ(pending->element[0]->integer, 0);
}
