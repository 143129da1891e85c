// SPDX-License-Identifier: MIT
#include "cli/commands.hpp"

#include <atomic>
#include <iostream>
#include <mutex>

#include <redactor/broker.hpp>

#include "cli/printer.hpp"
#include "common/metrics_flag.hpp"
#include "common/stop_signals.hpp"

namespace cli {
namespace {

using namespace std::chrono_literals;

redactor::broker_options broker_options(const options& o) {
  redactor::broker_options b;
  b.connection = o.redis.connection();
  b.metrics.listen = o.metrics;
  b.log = redactor::stderr_log(redactor::log_level::warning);
  if (o.timeout.count() > 0)
    b.publish_timeout = o.timeout;
  return b;
}

redactor::publish_options publish_options(const options& o) {
  redactor::publish_options p;
  p.headers = o.headers;
  p.correlation_id = o.correlation_id;
  return p;
}

int report(const redactor::error_info& e) {
  std::cerr << "redactor: " << e.message() << "\n";
  return e.code == redactor::make_error_code(redactor::errc::timeout)
             ? timed_out
             : failed;
}

/// Subscribes `fn` to the target, one message at a time.
redactor::subscription_token
subscribe_target(redactor::broker& b, const options& o, redactor::handler fn) {
  if (!o.channel.empty())
    return b.subscribe(redactor::channel_sub{o.channel}, std::move(fn));
  if (!o.list.empty()) {
    redactor::list_sub sub{o.list};
    // One at a time, so that --count takes no more than it needs: a read
    // that raced the stop is handled (printed), never dropped.
    sub.max_records = 1;
    return b.subscribe(sub, std::move(fn));
  }
  redactor::stream_sub sub{o.stream};
  if (!o.group.empty())
    sub = redactor::stream_sub{o.stream, o.group, o.consumer};
  sub.max_records = 1;
  return b.subscribe(sub, std::move(fn));
}

/// Runs the broker until `done` reaches o.count, --timeout passes, or
/// SIGINT/SIGTERM arrives.
int serve(redactor::broker& b, const options& o,
          const std::atomic<std::size_t>& done) {
  auto stop = apps::stop_signals();
  auto deadline = std::chrono::steady_clock::now() + o.timeout;
  int code = ok;
  for (;;) {
    if (o.count > 0 && done.load() >= o.count)
      break;
    if (o.timeout.count() > 0 && std::chrono::steady_clock::now() >= deadline) {
      code = o.count > 0 ? timed_out : ok;
      if (code == timed_out)
        std::cerr << "redactor: " << done.load() << " of " << o.count
                  << " messages within " << o.timeout.count() << " ms\n";
      break;
    }
    timespec slice{0, 20'000'000};
    if (sigtimedwait(&stop, nullptr, &slice) > 0)
      break;
  }
  b.stop();
  return code;
}

} // namespace

int publish(const options& o) {
  redactor::broker b{broker_options(o)};
  b.start();
  auto r = b.publish(o.target, o.body, publish_options(o)).get();
  if (!r)
    return report(r.error());
  std::cout << "published " << o.body.size() << " bytes to " << o.target.name;
  if (!r->entry_id.empty())
    std::cout << " as entry " << r->entry_id;
  else if (!o.channel.empty())
    std::cout << " (" << r->count << " subscribers)";
  std::cout << std::endl;
  return ok;
}

int request(const options& o) {
  redactor::broker b{broker_options(o)};
  b.start();
  auto r = b.request(o.target, o.body, o.timeout, publish_options(o)).get();
  if (!r)
    return report(r.error());
  printer{std::cout, o.json}.print(*r);
  return ok;
}

int subscribe(const options& o) {
  redactor::broker b{broker_options(o)};
  printer out{std::cout, o.json};
  std::atomic<std::size_t> done{0};
  auto token = subscribe_target(b, o, [&](const redactor::message& m) {
    out.print(m);
    ++done;
  });
  b.start();
  apps::announce_metrics(b, std::cerr, "redactor subscribe");
  return serve(b, o, done);
}

int reply(const options& o) {
  redactor::broker b{broker_options(o)};
  printer out{std::cout, o.json};
  std::atomic<std::size_t> done{0};
  auto token = subscribe_target(
      b, o,
      [&](const redactor::message& m) -> std::optional<redactor::response> {
        out.print(m);
        redactor::response r{o.echo ? std::string{m.body()} : o.body,
                             o.echo ? m.content_type() : std::string{}};
        r.headers = o.headers;
        ++done;
        return r;
      });
  b.start();
  apps::announce_metrics(b, std::cerr, "redactor reply");
  return serve(b, o, done);
}

} // namespace cli
