// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <redactor/destination.hpp>
#include <redactor/header_list.hpp>

#include "common/flags.hpp"

namespace cli {

/// Exit codes, as documented in `redactor --help`.
enum exit_code { ok = 0, failed = 1, usage = 2, timed_out = 3 };

/// Everything the flags say, whichever command runs; each command offers
/// only its own flags, so a field a command lacks keeps its default.
struct options {
  apps::redis_flags redis;
  /// subscribe, reply: serve metrics on HOST:PORT.
  std::string metrics;
  std::string channel;
  std::string list;
  std::string stream;
  /// subscribe, reply: the stream consumer group and consumer.
  std::string group;
  std::string consumer;
  /// subscribe, reply: where a stream read (or a new group) starts.
  std::string from;
  /// publish, request: stream trimming.
  std::size_t maxlen = 0;
  bool maxlen_exact = false;
  std::vector<std::string> header_flags;
  std::string correlation_id;
  std::string content_type;
  /// publish: no frame, the body alone.
  bool raw = false;
  std::string timeout_text;
  bool json = false;
  /// request: the whole reply (headers too), not its body alone.
  bool verbose = false;
  /// subscribe, reply: stop after this many messages; 0: until a signal.
  std::size_t count = 0;
  /// publish, request: the body ("-" for publish: one per line of stdin);
  /// reply: the fixed answer.
  std::string body;
  bool echo = false;

  /// Resolved by validate().
  redactor::destination target;
  redactor::header_list headers;
  std::chrono::milliseconds timeout{0};
};

/// Checks what the flags alone cannot: exactly one of --channel, --list,
/// --stream; stream-only flags with --stream; --group with --consumer;
/// k=v headers. Fills the resolved fields (timeout: `default_timeout`
/// unless given); an error message, or empty.
std::string validate(options& o, std::chrono::milliseconds default_timeout);

} // namespace cli
