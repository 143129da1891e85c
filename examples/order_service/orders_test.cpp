// SPDX-License-Identifier: MIT
// The service's handlers on the in-memory test broker: no Redis.
#include <gtest/gtest.h>

#include <redactor/testing/test_broker.hpp>

#include "orders.hpp"

using namespace redactor;

TEST(orders, an_order_gets_a_receipt_and_is_acknowledged) {
  redactor::testing::test_broker tb;
  auto service = orders::serve(tb, "test");
  tb.start();
  auto r = tb.request<orders::receipt>(
                 destination::stream("orders"),
                 orders::order{"A-1", {{"apple", 2}, {"pear", 4}}, {}})
               .get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->total, 4.0);
  EXPECT_TRUE(r->accepted);
  EXPECT_EQ(tb.published(destination::list("receipts")).size(), 1u);
  EXPECT_EQ(tb.pending("orders", "billing"), 0u);
}

TEST(orders, a_quote_echoes_the_tenant) {
  redactor::testing::test_broker tb;
  auto service = orders::serve(tb, "test");
  tb.start();
  publish_options tenant;
  tenant.headers = {{"x-tenant", "acme"}};
  auto r = tb.request(destination::list("quotes"), R"({"sku":"pear","qty":2})",
                      std::chrono::seconds{1}, tenant)
               .get();
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->body(), R"({"sku":"pear","price":1.5})");
  EXPECT_EQ(r->header("x-tenant"), "acme");
}

TEST(orders, what_is_not_an_order_stays_pending) {
  redactor::testing::test_broker tb;
  auto service = orders::serve(tb, "test");
  tb.start();
  ASSERT_TRUE(tb.publish(destination::stream("orders"), R"({"id":7})").get());
  EXPECT_THROW(tb.run_until_idle(), error);
  EXPECT_EQ(tb.pending("orders", "billing"), 1u);
  EXPECT_TRUE(tb.published(destination::list("receipts")).empty());
}
