// SPDX-License-Identifier: MIT
// A command that keeps its completion inline passes every answer it is
// settled with to it, like a handler, and is destroyed whole through the
// base pointer the queues hold.
#include "redis/command_queue.hpp"

#include <gtest/gtest.h>

using namespace redactor;
using redactor::redis::command_job_for;
using redactor::redis::command_job_ptr;
using redactor::redis::reply;

TEST(command_job_for, its_answer_reaches_the_completion_it_keeps) {
  auto kept = std::make_shared<int>(0);
  std::vector<long long> answers;
  auto done = [&answers, kept](result<reply> r) {
    answers.push_back(r ? r->integer : -1);
  };
  using job_type = command_job_for<decltype(done)>;
  // Its handler points into it: a copy or a move would dangle.
  static_assert(!std::is_copy_constructible_v<job_type> &&
                !std::is_move_constructible_v<job_type>);
  command_job_ptr job = std::make_shared<job_type>(done);
  reply one;
  one.type = reply::kind::integer;
  one.integer = 7;
  job->settle(one);
  job->settle(make_error(errc::connection_lost, "gone"));
  EXPECT_EQ(answers, (std::vector<long long>{7, -1}));
  EXPECT_EQ(kept.use_count(), 3); // the test's, `done`'s, the job's copy
  job.reset();
  EXPECT_EQ(kept.use_count(), 2); // the job's copy went with it
}
