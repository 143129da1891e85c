// SPDX-License-Identifier: MIT
// redactor: publish, subscribe, request and reply from the command line, in
// the style of the nats CLI. Exit codes: 0 ok, 1 error, 2 usage, 3 timeout.
#include <iostream>

#include <CLI/CLI.hpp>

#include <redactor/error.hpp>

#include "cli/commands.hpp"
#include "common/duration.hpp"
#include "common/flags.hpp"
#include "common/metrics_flag.hpp"
#include "common/stop_signals.hpp"

namespace {

using namespace std::chrono_literals;

/// The flags every command takes.
void add_common(CLI::App& cmd, cli::options& o) {
  apps::add_redis_flags(cmd, o.redis);
  auto* channel = cmd.add_option("--channel", o.channel, "Pub/Sub channel");
  auto* list = cmd.add_option("--list", o.list, "list key");
  auto* stream = cmd.add_option("--stream", o.stream, "stream key");
  channel->excludes(list)->excludes(stream);
  list->excludes(stream);
  cmd.add_option("--group", o.group, "stream consumer group (with --consumer)");
  cmd.add_option("--consumer", o.consumer, "stream consumer name");
  cmd.add_option("--maxlen", o.maxlen,
                 "trim the stream to about this many entries");
  cmd.add_option("--header", o.header_flags, "header NAME=VALUE (repeatable)");
  cmd.add_option("--correlation-id", o.correlation_id, "correlation id");
  cmd.add_option("--timeout", o.timeout_text, "how long to wait (2s, 500ms)")
      ->check(apps::duration_validator());
  cmd.add_flag("--json", o.json, "one JSON object per message");
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"Publish, subscribe, request and reply over Redis, "
               "FastStream-compatible.\n"
               "Exit codes: 0 ok, 1 error, 2 usage, 3 timeout.",
               "redactor"};
  app.require_subcommand(1);
  cli::options o;

  auto* pub = app.add_subcommand("publish", "publish a message");
  add_common(*pub, o);
  pub->add_option("body", o.body, "message body")->required();

  auto* sub = app.add_subcommand("subscribe", "print messages as they arrive");
  add_common(*sub, o);
  sub->add_option("--count", o.count, "exit after this many messages");
  apps::add_metrics_option(*sub, o.metrics);

  auto* req = app.add_subcommand("request", "send a request, print the reply");
  add_common(*req, o);
  req->add_option("body", o.body, "request body")->required();

  auto* rep = app.add_subcommand("reply", "answer requests");
  add_common(*rep, o);
  auto* fixed = rep->add_option("body", o.body, "the answer");
  auto* echo = rep->add_flag("--echo", o.echo, "answer with the request body");
  fixed->excludes(echo);
  rep->add_option("--count", o.count, "exit after this many requests");
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

  apps::block_stop_signals();

  try {
    if (pub->parsed())
      return cli::publish(o);
    if (is_request)
      return cli::request(o);
    if (sub->parsed())
      return cli::subscribe(o);
    return cli::reply(o);
  } catch (const redactor::error& e) {
    std::cerr << "redactor: " << e.what() << "\n";
    return e.code() ==
                   redactor::make_error_code(redactor::errc::invalid_argument)
               ? cli::usage
               : cli::failed;
  } catch (const std::exception& e) {
    std::cerr << "redactor: " << e.what() << "\n";
    return cli::failed;
  }
}
