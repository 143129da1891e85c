// SPDX-License-Identifier: MIT
// The README's testing example: the billing handler unit-tested on the
// in-memory test broker, with no Redis (link redactor::testing).
#include "demo/billing.hpp"

#include <gtest/gtest.h>
#include <redactor/testing/test_broker.hpp>

using redactor::destination;

namespace {

// --(testing-begin)--
TEST(billing, answers_an_order_with_a_receipt) {
  redactor::testing::test_broker tb;
  auto billing = demo::serve_billing(tb);
  tb.start();
  // Runs the handler before it returns: the reply is there.
  auto reply = tb.request(destination::stream("orders"),
                          R"({"id":"A-17","amount":250.0})")
                   .get();
  ASSERT_TRUE(reply) << reply.error().message();
  EXPECT_EQ(reply->body(), R"({"order_id":"A-17","accepted":true})");
  // The receipt also went to the "receipts" list, and the entry was acked.
  auto receipts = tb.published(destination::list("receipts"));
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0].content_type(), "application/json");
  EXPECT_EQ(tb.pending("orders", "billing"), 0u);
}

TEST(billing, refuses_large_orders) {
  redactor::testing::test_broker tb;
  auto billing = demo::serve_billing(tb);
  tb.start();
  ASSERT_TRUE(tb.publish(destination::stream("orders"),
                         R"({"id":"B-2","amount":5000.0})")
                  .get());
  tb.run_until_idle();
  auto receipts = tb.published(destination::list("receipts"));
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0].body(), R"({"order_id":"B-2","accepted":false})");
}

TEST(billing, leaves_what_is_not_an_order_pending) {
  redactor::testing::test_broker tb;
  auto billing = demo::serve_billing(tb);
  tb.start();
  ASSERT_TRUE(tb.publish(destination::stream("orders"), "not json").get());
  // The handler's exception reaches the test.
  EXPECT_THROW(tb.run_until_idle(), redactor::error);
  EXPECT_EQ(tb.received(billing).size(), 1u);
  EXPECT_EQ(tb.pending("orders", "billing"), 1u);
  EXPECT_TRUE(tb.published(destination::list("receipts")).empty());
}
// --(testing-end)--

} // namespace
