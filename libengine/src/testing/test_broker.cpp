// SPDX-License-Identifier: MIT
#include "redactor/testing/test_broker.hpp"

#include "processing/message_access.hpp"
#include "testing/memory_backend.hpp"

namespace redactor::testing {
namespace {

source_kind source_of(destination::kind kind) {
  switch (kind) {
  case destination::kind::list:
    return source_kind::list;
  case destination::kind::stream:
    return source_kind::stream;
  case destination::kind::channel:
    break;
  }
  return source_kind::channel;
}

} // namespace

test_broker::test_broker(broker_options options)
    : broker(std::make_unique<memory_backend>(std::move(options))) {
  // nop
}

std::size_t test_broker::run_until_idle(handler_errors errors) {
  return memory().run_until_idle(errors);
}

std::vector<message> test_broker::published(const destination& to) const {
  std::vector<message> out;
  auto from = processing::message_source::named(source_of(to.type), to.name);
  for (auto& in : memory().router().published(to))
    out.push_back(processing::decode_message(std::move(in), from));
  return out;
}

std::vector<message>
test_broker::received(const subscription_token& sub) const {
  auto* ours = dynamic_cast<memory_subscription*>(
      subscriptions::token_access::handle(sub).get());
  if (!ours)
    throw error{make_error(errc::invalid_argument,
                           "received: not a subscription of a test broker")};
  return ours->received();
}

std::size_t test_broker::pending(std::string_view stream,
                                 std::string_view group) const {
  return memory().router().pending(std::string{stream}, std::string{group});
}

result<publish_result> test_broker::inject(const destination& to,
                                           std::string_view payload) {
  result<publish_result> out = publish_result{};
  memory().router().inject(to, std::string{payload},
                           [&out](result<publish_result> r) { out = r; });
  return out;
}

memory_backend& test_broker::memory() const {
  return static_cast<memory_backend&>(backend());
}

} // namespace redactor::testing
