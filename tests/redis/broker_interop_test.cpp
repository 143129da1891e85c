// SPDX-License-Identifier: MIT
// The broker against a FastStream-style peer written in Python from the
// spec: it consumes the peer's payloads, and the peer reads its frames.
#include <boost/json.hpp>

#include "redactor/broker.hpp"
#include "support/broker_test.hpp"
#include "support/faststream_peer.hpp"

using namespace redactor;
namespace json = boost::json;

namespace {

class broker_interop : public test::broker_test {};

// The broker's list subscription consumes what a FastStream-style producer
// wrote: binary frames (also FastStream's broken non-ASCII ones), the legacy
// envelope and raw JSON.
TEST_F(broker_interop, list_subscription_reads_the_python_peers_payloads) {
  ASSERT_EQ(test::run_faststream_peer(server().port(), "write"), 0);
  auto expects = list_items("interop:py:expect");
  test::collector got;
  broker b{options()};
  auto token = b.subscribe(list_sub{"interop:py"},
                           [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(got.wait_for(expects.size()));
  auto items = got.items();
  for (std::size_t i = 0; i < expects.size(); ++i) {
    auto want = json::parse(expects[i]).as_object();
    EXPECT_EQ(test::to_hex(items[i].body), want.at("body_hex").as_string())
        << i;
    if (want.contains("correlation_id")) {
      EXPECT_EQ(items[i].correlation_id, want.at("correlation_id").as_string())
          << i;
    }
  }
}

// The Python peer decodes, by the spec, what the broker published.
TEST_F(broker_interop, python_peer_reads_what_the_broker_published) {
  broker b{options()};
  b.start();
  publish_options opts;
  opts.correlation_id = "c-1";
  opts.content_type = "text/plain";
  opts.reply_to = "inbox";
  opts.headers = {{"x-name", "Zoë"}};
  ASSERT_TRUE(b.publish(destination::list("interop:cpp"), "héllo", opts).get());
  json::object expect;
  expect["headers"] = json::array{json::array{"correlation_id", "c-1"},
                                  json::array{"content-type", "text/plain"},
                                  json::array{"reply_to", "inbox"},
                                  json::array{"x-name", "Zoë"}};
  expect["body_hex"] = test::to_hex("héllo");
  command({"RPUSH", "interop:cpp:expect", json::serialize(expect)});
  EXPECT_EQ(test::run_faststream_peer(server().port(), "check"), 0);
}

} // namespace
