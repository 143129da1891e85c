// SPDX-License-Identifier: MIT
#include "orders.hpp"

#include <stdexcept>

namespace orders {
namespace {

double unit_price(const std::string& sku) {
  if (sku == "apple")
    return 0.5;
  if (sku == "pear")
    return 0.75;
  throw std::invalid_argument("no such product: " + sku);
}

double total_of(const order& o) {
  double total = 0;
  for (const auto& item : o.items)
    total += unit_price(item.sku) * item.qty;
  return total;
}

} // namespace

service serve(redactor::broker& b, std::string consumer) {
  redactor::stream_sub incoming{"orders", "billing", std::move(consumer)};
  incoming.last_id = "0";
  incoming.publish_to = {redactor::destination::list("receipts")};
  auto taken = b.subscribe(incoming, redactor::typed([](const order& o) {
                             auto total = total_of(o);
                             return receipt{o.id, total, total <= 100};
                           }));
  auto quoted = b.subscribe(
      redactor::list_sub{"quotes"},
      redactor::typed([](const quote_request& q, const redactor::message& m) {
        auto r =
            redactor::json_response(quote{q.sku, unit_price(q.sku) * q.qty});
        r.headers.push_back(
            {"x-tenant", std::string{m.header("x-tenant").value_or("")}});
        return r;
      }));
  return {std::move(taken), std::move(quoted)};
}

} // namespace orders
