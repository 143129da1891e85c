// SPDX-License-Identifier: MIT
#include "cli/commands.hpp"

#include <atomic>
#include <deque>
#include <future>
#include <iostream>
#include <optional>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <redactor/broker.hpp>
#include <redactor/stop_signal.hpp>

#include "cli/printer.hpp"
#include "common/metrics_flag.hpp"

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
  p.content_type = o.content_type;
  p.raw = o.raw;
  return p;
}

const char* kind_name(redactor::destination::kind k) {
  switch (k) {
  case redactor::destination::kind::list:
    return "list";
  case redactor::destination::kind::stream:
    return "stream";
  case redactor::destination::kind::channel:
    break;
  }
  return "channel";
}

/// One published message: a JSON object, or a line when `one_of_many` is
/// false (a summary follows a batch instead).
void print_published(const options& o, std::size_t bytes,
                     const redactor::publish_result& r, bool one_of_many) {
  auto& to = o.target;
  if (o.json) {
    boost::json::object line;
    line["destination"] = kind_name(to.type);
    line["name"] = to.name;
    line["bytes"] = bytes;
    if (!r.entry_id.empty())
      line["entry_id"] = r.entry_id;
    else if (to.type == redactor::destination::kind::channel)
      line["subscribers"] = r.count;
    std::cout << boost::json::serialize(line) << "\n";
    return;
  }
  if (one_of_many)
    return;
  std::cout << "published " << bytes << " bytes to " << to.name;
  if (!r.entry_id.empty())
    std::cout << " as entry " << r.entry_id;
  else if (to.type == redactor::destination::kind::channel)
    std::cout << " (" << r.count << " subscribers)";
  std::cout << "\n";
}

/// Publishes each line of stdin, keeping up to `window` publishes in flight
/// so that they share round trips; stops at the first failure.
int publish_lines(redactor::broker& b, const options& o) {
  constexpr std::size_t window = 256;
  auto to = b.make_publisher(o.target, publish_options(o));
  std::deque<std::pair<std::size_t,
                       std::future<redactor::result<redactor::publish_result>>>>
      in_flight;
  std::size_t done = 0;
  std::optional<redactor::error_info> failure;
  auto settle_oldest = [&] {
    auto [bytes, f] = std::move(in_flight.front());
    in_flight.pop_front();
    auto r = f.get();
    if (!r) {
      if (!failure)
        failure = r.error();
      return;
    }
    print_published(o, bytes, *r, true);
    ++done;
  };
  std::string line;
  while (!failure && std::getline(std::cin, line)) {
    in_flight.emplace_back(line.size(), to.publish(line));
    if (in_flight.size() >= window)
      settle_oldest();
  }
  while (!in_flight.empty())
    settle_oldest();
  if (!o.json)
    std::cout << "published " << done << " messages to " << o.target.name
              << "\n";
  return failure ? report(o, *failure) : ok;
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
  sub.last_id = o.from;
  sub.max_records = 1;
  return b.subscribe(sub, std::move(fn));
}

/// Says on stderr that the command is listening, and where metrics are.
void announce(const redactor::broker& b, const options& o,
              const std::string& program) {
  std::cerr << program << ": listening on " << kind_name(o.target.type) << " \""
            << o.target.name << "\"" << std::endl;
  apps::announce_metrics(b, std::cerr, program);
}

/// Runs the broker until `done` reaches o.count, `output_gone` is set,
/// --timeout passes, or SIGINT/SIGTERM arrives.
int serve(redactor::broker& b, const options& o,
          const std::atomic<std::size_t>& done,
          const std::atomic<bool>& output_gone) {
  auto deadline = std::chrono::steady_clock::now() + o.timeout;
  int code = ok;
  for (;;) {
    if ((o.count > 0 && done.load() >= o.count) || output_gone.load())
      break;
    if (o.timeout.count() > 0 && std::chrono::steady_clock::now() >= deadline) {
      code = o.count > 0 ? timed_out : ok;
      if (code == timed_out)
        std::cerr << "redactor: " << done.load() << " of " << o.count
                  << " messages within " << o.timeout.count() << " ms\n";
      break;
    }
    if (redactor::wait_for_stop_signal(20ms) != 0)
      break;
  }
  b.stop();
  return code;
}

/// A handler's printing: once stdout is gone (`| head -1` exited), each
/// message is given back (nack: a list item returns to the head of its
/// list, a group's entry stays pending) instead of being lost.
class output {
 public:
  explicit output(bool json) : out_(std::cout, json) {}

  /// Prints `m`; false when it could not be written.
  bool print(const redactor::message& m) {
    if (!gone_.load() && out_.print(m))
      return true;
    gone_.store(true);
    m.nack();
    return false;
  }

  const std::atomic<bool>& gone() const noexcept { return gone_; }

 private:
  printer out_;
  std::atomic<bool> gone_{false};
};

} // namespace

int report(const options& o, const redactor::error_info& e) {
  using redactor::errc;
  if (o.json) {
    boost::json::object line;
    line["error"] = e.code.message();
    line["detail"] = e.detail;
    std::cerr << boost::json::serialize(line) << std::endl;
  } else {
    std::cerr << "redactor: " << e.message() << "\n";
  }
  if (e.code == redactor::make_error_code(errc::invalid_argument))
    return usage;
  return e.code == redactor::make_error_code(errc::timeout) ? timed_out
                                                            : failed;
}

int publish(const options& o) {
  redactor::broker b{broker_options(o)};
  b.start();
  if (o.body == "-")
    return publish_lines(b, o);
  auto r = b.publish(o.target, o.body, publish_options(o)).get();
  if (!r)
    return report(o, r.error());
  print_published(o, o.body.size(), *r, false);
  return ok;
}

int request(const options& o) {
  redactor::broker b{broker_options(o)};
  b.start();
  auto r = b.request(o.target, o.body, o.timeout, publish_options(o)).get();
  if (!r)
    return report(o, r.error());
  printer out{std::cout, o.json};
  if (o.verbose)
    out.print(*r);
  else
    out.print_body(*r);
  return ok;
}

int subscribe(const options& o) {
  output out{o.json};
  std::atomic<std::size_t> done{0};
  redactor::broker b{broker_options(o)};
  auto token = subscribe_target(b, o, [&](const redactor::message& m) {
    if (out.print(m))
      ++done;
  });
  b.start();
  announce(b, o, "redactor subscribe");
  return serve(b, o, done, out.gone());
}

int reply(const options& o) {
  output out{o.json};
  std::atomic<std::size_t> done{0};
  redactor::broker b{broker_options(o)};
  auto token = subscribe_target(
      b, o,
      [&](const redactor::message& m) -> std::optional<redactor::response> {
        if (!out.print(m))
          return std::nullopt;
        redactor::response r{o.echo ? std::string{m.body()} : o.body,
                             o.echo ? m.content_type()
                                    : std::string{o.content_type}};
        r.headers = o.headers;
        ++done;
        return r;
      });
  b.start();
  announce(b, o, "redactor reply");
  return serve(b, o, done, out.gone());
}

} // namespace cli
