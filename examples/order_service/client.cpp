// SPDX-License-Identifier: MIT
// order-client [REDIS_URL]: asks for a quote, then places an order and
// waits for its receipt. Exit codes: 0 ok, 1 error, 3 timeout.
#include <cstdlib>
#include <iostream>

#include "orders.hpp"

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  const char* env = std::getenv("REDIS_URL");
  redactor::broker b{argc > 1 ? argv[1] : env ? env : "redis://127.0.0.1:6379"};
  b.start();
  auto failed = [](const redactor::error_info& e) {
    std::cerr << "order-client: " << e.message() << "\n";
    return e.code == redactor::errc::timeout ? 3 : 1;
  };
  redactor::publish_options tenant;
  tenant.headers = {{"x-tenant", "acme"}};
  auto q =
      b.request<orders::quote>(redactor::destination::list("quotes"),
                               orders::quote_request{"apple", 4}, 2s, tenant)
          .get();
  if (!q)
    return failed(q.error());
  std::cout << "4 " << q->sku << "s cost " << q->price << "\n";
  auto r = b.request<orders::receipt>(
                redactor::destination::stream("orders"),
                orders::order{"A-17", {{"apple", 4}, {"pear", 2}}, {}}, 2s)
               .get();
  if (!r)
    return failed(r.error());
  std::cout << "order " << r->order_id << ": " << r->total
            << (r->accepted ? " accepted" : " refused") << "\n";
}
