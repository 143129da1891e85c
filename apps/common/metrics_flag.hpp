// SPDX-License-Identifier: MIT
#pragma once

#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include <redactor/broker.hpp>

namespace apps {

/// Adds --metrics ADDRESS (metrics_options::listen): serve /metrics and
/// /healthz there; off unless given; port 0 picks a free one.
void add_metrics_option(CLI::App& app, std::string& listen);

/// After start(): prints where metrics are served, when they are, so a
/// port 0 can be found.
void announce_metrics(const redactor::broker& b, std::ostream& out,
                      const std::string& program);

} // namespace apps
