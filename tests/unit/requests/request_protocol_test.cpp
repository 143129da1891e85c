// SPDX-License-Identifier: MIT
// The request's wire conventions: the deadline header written and read
// back, the error header, and the inbox names.
#include "requests/request_protocol.hpp"

#include <regex>

#include <gtest/gtest.h>

#include "processing/message_access.hpp"
#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/wire_headers.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

message with_headers(const header_list& headers) {
  return processing::decode_message(
      {*binary_format_v1::encode(headers, "body"), {}, {}},
      processing::message_source::named(source_kind::list, "calls"));
}

} // namespace

TEST(request_protocol, a_request_carries_its_deadline_and_an_id) {
  auto options = requests::outgoing({}, 1h);
  EXPECT_EQ(options.correlation_id.size(), 36u);
  auto m = with_headers(options.headers);
  EXPECT_FALSE(requests::overdue(m)) << "an hour ahead";
  publish_options mine;
  mine.correlation_id = "mine";
  EXPECT_EQ(requests::outgoing(mine, 1s).correlation_id, "mine");
}

TEST(request_protocol, a_deadline_that_passed_says_by_how_much) {
  auto past = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch() - 5s)
                  .count();
  auto late = requests::overdue(with_headers(
      {{std::string{wire_headers::deadline}, std::to_string(past)}}));
  ASSERT_TRUE(late);
  EXPECT_GE(*late, 5s);
  EXPECT_LT(*late, 60s);
}

TEST(request_protocol, no_deadline_or_an_unreadable_one_is_run) {
  EXPECT_FALSE(requests::overdue(with_headers({})));
  for (auto bad : {"", "soon", "12x", "-"})
    EXPECT_FALSE(requests::overdue(
        with_headers({{std::string{wire_headers::deadline}, bad}})))
        << bad;
}

TEST(request_protocol, the_error_header_makes_a_reply_a_remote_error) {
  EXPECT_TRUE(requests::outcome(with_headers({})));
  auto failed = requests::outcome(
      with_headers({{std::string{wire_headers::error}, "handler"}}));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, make_error_code(errc::remote_error));
  EXPECT_EQ(failed.error().detail, "body");
}

TEST(request_protocol, inboxes_are_unique_and_their_channels_numbered) {
  auto inbox = requests::new_inbox();
  EXPECT_TRUE(std::regex_match(
      inbox, std::regex{"redactor:inbox:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
                        "[89ab][0-9a-f]{3}-[0-9a-f]{12}"}))
      << inbox;
  EXPECT_NE(inbox, requests::new_inbox());
  EXPECT_EQ(requests::reply_channel(inbox, 7), inbox + ".7");
  // Appended after what is there (the inbox writes names back to back).
  std::string names = inbox + ".7";
  requests::append_reply_channel(names, inbox, 18446744073709551615u);
  EXPECT_EQ(names, inbox + ".7" + inbox + ".18446744073709551615");
}

TEST(request_protocol, a_reply_channel_is_known_by_its_number_only_if_ours) {
  std::string inbox = "redactor:inbox:x";
  EXPECT_EQ(requests::reply_channel_number(inbox, inbox + ".7"), 7u);
  EXPECT_EQ(requests::reply_channel_number(
                inbox, requests::reply_channel(inbox, 18446744073709551615u)),
            18446744073709551615u);
  for (const std::string& other : std::vector<std::string>{
           inbox, inbox + ".", inbox + ".0", inbox + ".07", inbox + ".7x",
           inbox + ".-7", inbox + "..7", inbox + ".18446744073709551616",
           "redactor:inbox:y.7", "redactor:inbox:xx.7", "x.7", ""})
    EXPECT_FALSE(requests::reply_channel_number(inbox, other)) << other;
}
