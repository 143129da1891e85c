// SPDX-License-Identifier: MIT
// start(): connecting, authenticating, and failing clearly.
#include "redactor/broker.hpp"

#include "support/broker_test.hpp"

using namespace redactor;

namespace {

using broker_start_test = test::broker_test;

TEST_F(broker_start_test, start_fails_clearly_on_wrong_password) {
  command({"CONFIG", "SET", "requirepass", "secret"});
  broker_options opts = options();
  opts.connection.password = "wrong";
  broker b{opts};
  try {
    b.start();
    ADD_FAILURE() << "start() succeeded with a wrong password";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), make_error_code(errc::connection_failed));
    EXPECT_NE(std::string(e.what()).find("WRONGPASS"), std::string::npos)
        << e.what();
  }
  command({"AUTH", "secret"});
  command({"CONFIG", "SET", "requirepass", ""});
}

TEST_F(broker_start_test, start_fails_clearly_when_redis_is_unreachable) {
  broker_options opts = options();
  opts.connection.port = 1; // nothing listens on port 1
  broker b{opts};
  try {
    b.start();
    ADD_FAILURE() << "start() succeeded without Redis";
  } catch (const error& e) {
    EXPECT_EQ(e.code(), make_error_code(errc::connection_failed));
  }
}

TEST_F(broker_start_test, authenticates_as_an_acl_user) {
  command({"ACL", "SETUSER", "app", "on", ">s3cret", "~*", "&*", "+@all"});
  auto opts = options();
  opts.connection = connection_options::from_url(
      "redis://app:s3cret@127.0.0.1:" + std::to_string(server().port()) + "/2");
  test::collector got;
  broker b{opts};
  auto token =
      b.subscribe(list_sub{"acl"}, [&](const message& m) { got.add(m); });
  b.start();
  ASSERT_TRUE(b.publish(destination::list("acl"), "hi").get());
  ASSERT_TRUE(got.wait_for(1));
  command({"ACL", "DELUSER", "app"});
}

} // namespace
