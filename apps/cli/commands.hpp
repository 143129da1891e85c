// SPDX-License-Identifier: MIT
#pragma once

#include <redactor/error.hpp>

#include "cli/options.hpp"

/// The four commands; each returns the process exit code.
namespace cli {

/// Publishes the body once, or each line of stdin when the body is "-".
int publish(const options& o);

/// Publishes the body as a request and prints the reply.
int request(const options& o);

/// Prints what arrives until --count messages, --timeout or a signal.
int subscribe(const options& o);

/// Answers requests with the body (or the request's own with --echo) until
/// --count requests, --timeout or a signal.
int reply(const options& o);

/// Prints `e` on stderr (as JSON with --json) and returns its exit code:
/// usage for invalid arguments, timed_out for timeouts, failed otherwise.
int report(const options& o, const redactor::error_info& e);

} // namespace cli
