// SPDX-License-Identifier: MIT
#include "cluster/redirect.hpp"

#include <gtest/gtest.h>

using redactor::redis::address;
using redactor::redis::reply;

namespace {

const address asked{"127.0.0.1", 7000};

} // namespace

TEST(redirect, reads_moved_and_ask_answers) {
  using redactor::cluster::parse_redirect;
  using redactor::cluster::redirect;
  reply r;
  r.type = reply::kind::error;
  r.str = "MOVED 3999 127.0.0.1:6381";
  auto m = parse_redirect(r, asked);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->type, redirect::kind::moved);
  EXPECT_EQ(m->slot, 3999);
  EXPECT_EQ(m->to, (address{"127.0.0.1", 6381}));
  r.str = "ASK 12 ::1:7002";
  auto a = parse_redirect(r, asked);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->type, redirect::kind::ask);
  EXPECT_EQ(a->to, (address{"::1", 7002}));
  r.str = "MOVED 12 :7002"; // an unknown endpoint: the host asked
  EXPECT_EQ(parse_redirect(r, asked)->to, (address{"127.0.0.1", 7002}));
  for (auto bad : {"MOVED", "MOVED x 1.2.3.4:5", "MOVED 16384 h:1",
                   "MOVED 1 h:0", "MOVED 1 h", "ERR MOVED 1 h:1"}) {
    r.str = bad;
    EXPECT_FALSE(parse_redirect(r, asked)) << bad;
  }
  r.str = "TRYAGAIN Multiple keys request during rehashing of slot";
  EXPECT_TRUE(redactor::cluster::is_retryable(r));
  r.type = reply::kind::string;
  EXPECT_FALSE(redactor::cluster::is_retryable(r));
}
