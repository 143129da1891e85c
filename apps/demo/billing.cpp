// SPDX-License-Identifier: MIT
#include "demo/billing.hpp"

#include <redactor/typed_handler.hpp>

namespace demo {

// Boost.JSON conversions for the user types.
order tag_invoke(boost::json::value_to_tag<order>,
                 const boost::json::value& v) {
  auto& o = v.as_object();
  return {boost::json::value_to<std::string>(o.at("id")),
          boost::json::value_to<double>(o.at("amount"))};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& v,
                const receipt& r) {
  v = {{"order_id", r.order_id}, {"accepted", r.accepted}};
}

redactor::subscription_token serve_billing(redactor::broker& b,
                                           std::string consumer) {
  // Acknowledged after the handler succeeded (the default ack policy).
  redactor::stream_sub orders{"orders", "billing", std::move(consumer)};
  orders.last_id = "0";
  orders.publish_to = {redactor::destination::list("receipts")};
  return b.subscribe(orders, redactor::typed([](const order& o) {
                       return receipt{o.id, o.amount <= 1000};
                     }));
}

} // namespace demo
