// SPDX-License-Identifier: MIT
// The demo's billing service: orders in, receipts out.
#pragma once

#include <string>

#include <redactor/broker.hpp>

namespace demo {

struct order {
  std::string id;
  double amount = 0;
};

struct receipt {
  std::string order_id;
  bool accepted = false;
};

/// Subscribes billing on `b`: every order on the stream "orders" is
/// handled once by the consumer group "billing", which accepts orders up
/// to 1000. The receipt goes to the list "receipts", and back to the
/// sender when the order came as a request. An order that is not one
/// stays pending. Takes a broker&, so a unit test can hand it a
/// redactor::testing::test_broker.
redactor::subscription_token serve_billing(redactor::broker& b,
                                           std::string consumer = "worker-1");

} // namespace demo
