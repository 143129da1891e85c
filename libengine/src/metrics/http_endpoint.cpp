// SPDX-License-Identifier: MIT
#include "metrics/http_endpoint.hpp"

#include <map>
#include <utility>

namespace redactor::metrics {
namespace {

http_page health_page(const health_report& h) {
  // The verdict first (probes read one line), then where each connection
  // is.
  auto body = h.reason + "\n";
  if (!h.master.empty())
    body += "master: " + h.master + "\n";
  for (auto& c : h.connections) {
    body += c.name + ": ";
    if (c.node.empty()) // not needed yet (durable publishes)
      body += "idle\n";
    else
      body += c.node + " " + (c.role.empty() ? "-" : c.role) +
              (c.up ? " up\n" : " down\n");
  }
  return {h.healthy ? 200 : 503, "text/plain; charset=utf-8", std::move(body)};
}

std::map<std::string, http_server::page_source> pages(http_endpoint::routes r) {
  std::map<std::string, http_server::page_source> out;
  out["/metrics"] = [metrics = std::move(r.metrics)] {
    return http_page{200, "text/plain; version=0.0.4; charset=utf-8",
                     metrics()};
  };
  out["/healthz"] = [health = std::move(r.health)] {
    return health_page(health());
  };
  if (r.asyncapi)
    out["/asyncapi.json"] = [asyncapi = std::move(r.asyncapi)] {
      return http_page{200, "application/json", asyncapi()};
    };
  return out;
}

} // namespace

http_endpoint::http_endpoint(redis::io_loop& loop, const std::string& listen,
                             routes r)
    : server_(loop, listen, pages(std::move(r))) {
  // nop
}

} // namespace redactor::metrics
