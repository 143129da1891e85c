// SPDX-License-Identifier: MIT
// Prints the AsyncAPI document of a broker with every kind of subscription
// and publisher, for tests/docs/asyncapi_test.py to check against the
// AsyncAPI 3.0 schema.
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <redactor/rpc/jsonrpc_handler.hpp>
#include <redactor/testing/test_broker.hpp>
#include <redactor/typed_handler.hpp>

namespace {

enum class priority { low, high };
BOOST_DESCRIBE_ENUM(priority, low, high)

struct line {
  std::string sku;
  unsigned count = 0;
};
BOOST_DESCRIBE_STRUCT(line, (), (sku, count))

struct order {
  std::string id;
  std::vector<line> lines;
  priority urgency = priority::low;
  std::optional<std::string> note;
  std::map<std::string, double> prices;
  std::optional<priority> rush;
};
BOOST_DESCRIBE_STRUCT(order, (), (id, lines, urgency, note, prices, rush))

struct receipt {
  std::string id;
  bool accepted = false;
};
BOOST_DESCRIBE_STRUCT(receipt, (), (id, accepted))

} // namespace

int main() {
  using namespace redactor;
  broker_options options;
  options.asyncapi.title = "asyncapi-sample";
  options.asyncapi.version = "1.2.3";
  options.asyncapi.description = "Every kind of subscription and publisher.";
  testing::test_broker b{options};
  auto methods = std::make_shared<rpc::registry>();
  methods->add_typed("ping", {}, [] { return std::string{"pong"}; });

  channel_sub news{"news"};
  channel_sub events{"events.*"};
  channel_sub shard{"shard"};
  shard.sharded = true;
  channel_sub by_user{"users.{id}"};
  list_sub orders{"orders"};
  list_sub audit{"audit"};
  audit.pop_from = list_end::right;
  list_sub tallies{"tallies"};
  tallies.publish_to = {destination::stream("{tally}:totals")};
  stream_sub payments{"payments"};
  payments.group = "billing";
  payments.consumer = "billing-1";
  stream_sub tail{"payments"};
  std::vector<subscription_token> tokens;
  tokens.push_back(b.subscribe(news, typed([](const receipt&) {})));
  tokens.push_back(b.subscribe(
      events, [](const message& m) { return std::string{m.body()}; }));
  tokens.push_back(b.subscribe(shard, [](const message&) {}));
  tokens.push_back(b.subscribe(by_user, [](const message&, responder) {}));
  tokens.push_back(b.subscribe(orders, typed([](const order& o) {
                                 return receipt{o.id, true};
                               })));
  tokens.push_back(b.subscribe(audit, [](const std::vector<message>&) {}));
  tokens.push_back(b.subscribe(
      payments, typed([](const order&) { return response{"ok"}; })));
  tokens.push_back(b.subscribe(tail, [](const message&) {}));
  tokens.push_back(b.subscribe(tallies, [](const std::vector<message>& ms) {
    return std::to_string(ms.size());
  }));
  tokens.push_back(b.subscribe(list_sub{"rpc"}, rpc::jsonrpc_handler(methods)));

  b.make_publisher(destination::channel("out"));
  b.make_publisher(destination::sharded_channel("out.sharded"));
  publish_options json;
  json.content_type = "application/json";
  b.make_publisher(destination::list("outbox"), json);
  b.make_publisher(destination::stream("ledger", 1000));
  std::cout << b.asyncapi() << std::endl;
  return 0;
}
