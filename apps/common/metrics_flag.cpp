// SPDX-License-Identifier: MIT
#include "common/metrics_flag.hpp"

#include <ostream>

namespace apps {

void add_metrics_option(CLI::App& app, std::string& listen) {
  // The broker checks the address as it starts (a usage error, exit 2).
  app.add_option("--metrics", listen,
                 "serve Prometheus /metrics and /healthz on HOST:PORT, :PORT "
                 "(every interface) or [IPv6]:PORT; port 0: any free one");
}

void announce_metrics(const redactor::broker& b, std::ostream& out,
                      const std::string& program) {
  auto address = b.metrics_address();
  if (!address.empty())
    out << program << ": metrics on http://" << address << "/metrics"
        << std::endl;
}

} // namespace apps
