// SPDX-License-Identifier: MIT
// The order service: orders in on a stream consumer group, receipts out to
// a list, and price quotes over request/reply.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <redactor/broker.hpp>
#include <redactor/typed_handler.hpp>

namespace orders {

struct line_item {
  std::string sku;
  int qty = 0;
};
BOOST_DESCRIBE_STRUCT(line_item, (), (sku, qty))

struct order {
  std::string id;
  std::vector<line_item> items;
  std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(order, (), (id, items, note))

struct receipt {
  std::string order_id;
  double total = 0;
  bool accepted = false;
};
BOOST_DESCRIBE_STRUCT(receipt, (), (order_id, total, accepted))

struct quote_request {
  std::string sku;
  int qty = 1;
};
BOOST_DESCRIBE_STRUCT(quote_request, (), (sku, qty))

struct quote {
  std::string sku;
  double price = 0;
};
BOOST_DESCRIBE_STRUCT(quote, (), (sku, price))

/// The service's subscriptions; they run until the broker stops.
struct service {
  redactor::subscription_token orders;
  redactor::subscription_token quotes;
};

/// Subscribes the service on `b` (a broker, or a test_broker in tests):
/// - every order on the stream "orders" is handled once by the group
///   "billing" (this process as `consumer`), from the backlog on; its
///   receipt goes to the list "receipts" (and back to the sender of a
///   request); an order that is not one stays pending;
/// - a quote_request on the list "quotes" is answered with a quote and an
///   x-tenant header echoing the request's.
service serve(redactor::broker& b, std::string consumer);

} // namespace orders
