// SPDX-License-Identifier: MIT
#include "common/metrics_flag.hpp"

#include <ostream>

namespace apps {

void add_metrics_option(CLI::App& app, std::string& listen) {
  app.add_option("--metrics", listen,
                 "serve Prometheus /metrics and /healthz on HOST:PORT "
                 "(port 0: any free one)")
      ->check(
          [](const std::string& v) -> std::string {
            auto colon = v.rfind(':');
            if (colon == std::string::npos || colon == 0 ||
                colon + 1 == v.size() ||
                v.find_first_not_of("0123456789", colon + 1) !=
                    std::string::npos)
              return "expected HOST:PORT, such as 127.0.0.1:9100";
            return {};
          },
          "HOST:PORT");
}

void announce_metrics(const redactor::broker& b, std::ostream& out,
                      const std::string& program) {
  auto address = b.metrics_address();
  if (!address.empty())
    out << program << ": metrics on http://" << address << "/metrics"
        << std::endl;
}

} // namespace apps
