// SPDX-License-Identifier: MIT
// redactor: publish, subscribe, request and reply from the command line, in
// the style of the nats CLI. Exit codes: 0 ok, 1 error, 2 usage, 3 timeout.
#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include <redactor/error.hpp>
#include <redactor/stop_signal.hpp>

#include "cli/commands.hpp"
#include "common/duration.hpp"
#include "common/flags.hpp"
#include "common/metrics_flag.hpp"

namespace {

using namespace std::chrono_literals;

/// --url and friends, and exactly one of --channel, --list, --stream.
void add_target(CLI::App& cmd, cli::options& o) {
  apps::add_redis_flags(cmd, o.redis);
  auto* channel = cmd.add_option("--channel", o.channel, "Pub/Sub channel");
  auto* list = cmd.add_option("--list", o.list, "list key");
  auto* stream = cmd.add_option("--stream", o.stream, "stream key");
  channel->excludes(list)->excludes(stream);
  list->excludes(stream);
}

/// What goes into a published frame.
void add_frame(CLI::App& cmd, cli::options& o) {
  cmd.add_option("--header", o.header_flags, "header NAME=VALUE (repeatable)");
  cmd.add_option("--content-type", o.content_type,
                 "content-type header, such as application/json");
}

/// Where a published message goes beyond its key.
void add_publishing(CLI::App& cmd, cli::options& o) {
  add_frame(cmd, o);
  cmd.add_option("--correlation-id", o.correlation_id,
                 "correlation id (default: a fresh UUID)");
  cmd.add_option("--maxlen", o.maxlen,
                 "trim the stream to about this many entries");
  cmd.add_flag("--maxlen-exact", o.maxlen_exact,
               "trim the stream to exactly --maxlen entries");
}

/// How a stream is read.
void add_reading(CLI::App& cmd, cli::options& o) {
  cmd.add_option("--group", o.group, "stream consumer group (with --consumer)");
  cmd.add_option("--consumer", o.consumer, "stream consumer name");
  cmd.add_option("--from", o.from,
                 "where a stream read, or a new group, starts: 0 (the "
                 "backlog), an entry id, or $ (new entries; the default)");
  cmd.add_option("--count", o.count, "exit after this many messages");
}

void add_timeout(CLI::App& cmd, cli::options& o, const char* what) {
  cmd.add_option("--timeout", o.timeout_text, what)
      ->check(apps::duration_validator());
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Publish, subscribe, request and reply over Redis, "
               "FastStream-compatible.\n"
               "Exit codes: 0 ok, 1 error, 2 usage, 3 timeout.",
               "redactor"};
  app.require_subcommand(1);
  cli::options o;

  auto* pub = app.add_subcommand("publish", "publish messages");
  add_target(*pub, o);
  add_publishing(*pub, o);
  pub->add_flag("--raw", o.raw,
                "the body alone, no frame (for RedisRPC, JSON-RPC and plain "
                "consumers)");
  add_timeout(*pub, o, "how long a publish may wait for Redis (2s, 500ms)");
  pub->add_flag("--json", o.json, "one JSON object per published message");
  pub->add_option("body", o.body,
                  "message body; - reads one message per line of stdin")
      ->required();

  auto* sub = app.add_subcommand("subscribe", "print messages as they arrive");
  add_target(*sub, o);
  add_reading(*sub, o);
  add_timeout(*sub, o, "exit after this long (2s, 500ms)");
  sub->add_flag("--json", o.json, "one JSON object per message");
  apps::add_metrics_option(*sub, o.metrics);

  auto* req = app.add_subcommand("request", "send a request, print the reply");
  add_target(*req, o);
  add_publishing(*req, o);
  add_timeout(*req, o, "how long to wait for the reply (default 5s)");
  req->add_flag("--json", o.json,
                "the reply body as JSON (a string unless it is JSON); with "
                "-v, the whole reply as one JSON object");
  req->add_flag("-v,--verbose", o.verbose,
                "the whole reply: source, correlation id, headers, body");
  req->add_option("body", o.body, "request body")->required();

  auto* rep = app.add_subcommand("reply", "answer requests");
  add_target(*rep, o);
  add_reading(*rep, o);
  add_frame(*rep, o);
  auto* fixed = rep->add_option("body", o.body, "the answer");
  auto* echo = rep->add_flag("--echo", o.echo, "answer with the request body");
  fixed->excludes(echo);
  add_timeout(*rep, o, "exit after this long (2s, 500ms)");
  rep->add_flag("--json", o.json, "one JSON object per request");
  apps::add_metrics_option(*rep, o.metrics);

  if (auto code = apps::parse_flags(app, argc, argv))
    return *code;
  bool is_request = req->parsed();
  auto why = cli::validate(o, is_request ? 5s : 0ms);
  if (why.empty() && rep->parsed() && !o.echo && !fixed->count())
    why = "give the answer body, or --echo";
  if (!why.empty()) {
    auto* cmd = app.get_subcommands().front();
    std::cerr << "redactor " << cmd->get_name() << ": " << why << "\n\n"
              << cmd->help();
    return cli::usage;
  }

  redactor::block_stop_signals();
  // A closed stdout (`| head -1`) is an error on the write, not a signal.
  std::signal(SIGPIPE, SIG_IGN);

  try {
    if (pub->parsed())
      return cli::publish(o);
    if (is_request)
      return cli::request(o);
    if (sub->parsed())
      return cli::subscribe(o);
    return cli::reply(o);
  } catch (const redactor::error& e) {
    return cli::report(o, e.info());
  } catch (const std::exception& e) {
    std::cerr << "redactor: " << e.what() << "\n";
    return cli::failed;
  }
}
