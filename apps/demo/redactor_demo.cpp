// SPDX-License-Identifier: MIT
// Sends FastStream-format messages through a list and a stream of a real
// Redis and reads them back: the wire codec, end to end. (A stopgap until the
// broker and the calculator service land; it talks to Redis with plain
// hiredis because the library has no broker yet.)
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <hiredis/hiredis.h>
#include <unistd.h>

#include <redactor/redactor.hpp>

namespace {

struct context_deleter {
  void operator()(redisContext* c) const { redisFree(c); }
};

struct reply_deleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};

using context_ptr = std::unique_ptr<redisContext, context_deleter>;
using reply_ptr = std::unique_ptr<redisReply, reply_deleter>;

reply_ptr run(redisContext* c, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  reply_ptr r{static_cast<redisReply*>(redisCommandArgv(
      c, static_cast<int>(argv.size()), argv.data(), lens.data()))};
  if (!r)
    throw std::runtime_error(std::string{"connection error: "} + c->errstr);
  if (r->type == REDIS_REPLY_ERROR)
    throw std::runtime_error(args[0] + ": " + r->str);
  return r;
}

context_ptr connect(const redactor::connection_options& o) {
  timeval tv{static_cast<long>(o.connect_timeout.count() / 1000),
             static_cast<long>(o.connect_timeout.count() % 1000) * 1000};
  context_ptr c{o.unix_path.empty()
                    ? redisConnectWithTimeout(o.host.c_str(), o.port, tv)
                    : redisConnectUnixWithTimeout(o.unix_path.c_str(), tv)};
  if (!c || c->err)
    throw std::runtime_error("cannot connect to " + o.display_url() + ": " +
                             (c ? c->errstr : "out of memory"));
  if (!o.password.empty()) {
    if (o.user.empty())
      run(c.get(), {"AUTH", o.password});
    else
      run(c.get(), {"AUTH", o.user, o.password});
  }
  if (o.db != 0)
    run(c.get(), {"SELECT", std::to_string(o.db)});
  return c;
}

void show(const char* via, const redactor::decoded_payload& p) {
  std::cout << via << ": body '" << p.body << "', correlation_id "
            << p.correlation_id << ", reply_to '" << p.reply_to << "', "
            << p.headers.size() << " headers\n";
}

bool round_trip(redisContext* c) {
  using namespace redactor;
  auto headers = wire_headers::build("demo-1", wire_headers::text_plain,
                                     "demo-inbox", {{"x-demo", "Zo\xc3\xab"}});
  auto frame = binary_format_v1::encode(headers, "hello from C++").value();
  std::string key = "redactor-demo:" + std::to_string(::getpid());

  run(c, {"RPUSH", key + ":list", frame});
  auto popped = run(c, {"LPOP", key + ":list"});
  auto from_list = decode_payload({popped->str, popped->len});
  show("list  ", from_list);

  run(c,
      {"XADD", key + ":stream", "MAXLEN", "~", "100", "*", "__data__", frame});
  auto entries = run(c, {"XRANGE", key + ":stream", "-", "+"});
  auto* fields = entries->element[0]->element[1];
  auto from_stream =
      decode_payload({fields->element[1]->str, fields->element[1]->len});
  show("stream", from_stream);
  run(c, {"DEL", key + ":stream"});

  return from_list.format == payload_format::binary_v1 &&
         from_list.body == "hello from C++" && from_list.headers == headers &&
         from_stream.headers == headers;
}

} // namespace

int main(int argc, char** argv) {
  const char* env = std::getenv("REDIS_URL");
  std::string url = env ? env : "redis://127.0.0.1:6379";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--url") == 0 && i + 1 < argc) {
      url = argv[++i];
    } else {
      std::cerr << "usage: redactor-demo [--url redis://host:port/db]\n";
      return std::strcmp(argv[i], "--help") == 0 ? 0 : 2;
    }
  }
  try {
    auto options = redactor::connection_options::from_url(url);
    auto c = connect(options);
    std::cout << "redactor " << redactor::version_string << " demo against "
              << options.display_url() << "\n";
    if (!round_trip(c.get())) {
      std::cerr << "round trip changed the message\n";
      return 1;
    }
    std::cout << "round trip ok\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "redactor-demo: " << e.what() << "\n";
    return 1;
  }
}
