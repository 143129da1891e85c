// SPDX-License-Identifier: MIT
// Three processes in one consumer group; one is killed with SIGKILL
// mid-traffic; the others reclaim its pending entries.
#include <csignal>
#include <fstream>
#include <future>
#include <set>
#include <thread>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/broker_test.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

using scale_out_test = test::broker_test;

pid_t spawn_consumer(const std::string& url, const std::string& name,
                     const std::string& out) {
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
      ::_exit(1);
    ::execl(REDACTOR_GROUP_CONSUMER, REDACTOR_GROUP_CONSUMER, url.c_str(),
            "work", "workers", name.c_str(), out.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

std::set<std::string> lines_of(const std::vector<std::string>& files,
                               std::size_t* total = nullptr) {
  std::set<std::string> out;
  for (auto& f : files) {
    std::ifstream in{f};
    for (std::string line; std::getline(in, line);) {
      out.insert(line);
      if (total)
        ++*total;
    }
  }
  return out;
}

TEST_F(scale_out_test, survivors_reclaim_a_killed_consumers_entries) {
  constexpr int n = 600;
  std::vector<std::string> files;
  std::vector<pid_t> pids;
  auto dir = ::testing::TempDir();
  for (int i = 0; i < 3; ++i) {
    files.push_back(dir + "/consumer" + std::to_string(i) + "-" +
                    std::to_string(::getpid()) + ".txt");
    std::remove(files.back().c_str());
    pids.push_back(
        spawn_consumer(server().url(), "c" + std::to_string(i), files.back()));
  }
  broker b{options()};
  b.start();
  auto pub = b.make_publisher(destination::stream("work"));
  // In bursts, so that the consumers always have a backlog and the first
  // one is killed holding entries, however fast the publisher is.
  auto burst = [&](int from, int to) {
    std::vector<std::future<result<publish_result>>> sent;
    for (int i = from; i < to; ++i)
      sent.push_back(pub.publish("e" + std::to_string(i)));
    for (auto& f : sent)
      ASSERT_TRUE(f.get());
  };
  auto pending_in_c0 = [&] {
    auto held = command({"XPENDING", "work", "workers", "-", "+", "100", "c0"});
    return held ? held->elements : 0;
  };
  burst(0, 2 * n / 3);
  // Mid-traffic: the first consumer dies holding pending entries.
  ASSERT_TRUE(test::eventually(
      [&] { return !lines_of({files[0]}).empty() && pending_in_c0() > 0; }));
  ::kill(pids[0], SIGKILL);
  ::waitpid(pids[0], nullptr, 0);
  std::size_t dead_held = pending_in_c0();
  burst(2 * n / 3, n);
  std::size_t handled = 0;
  EXPECT_TRUE(test::eventually(
      [&] { return lines_of(files).size() == static_cast<std::size_t>(n); },
      30s))
      << lines_of(files).size() << " of " << n << " handled";
  EXPECT_TRUE(
      test::eventually([&] { return pending("work", "workers") == 0; }, 10s));
  // The reclaim was exercised: the dead consumer held entries, and they
  // were all handed to the others.
  EXPECT_GT(dead_held, 0u);
  auto left = command({"XPENDING", "work", "workers", "-", "+", "100", "c0"});
  EXPECT_EQ(left->elements, 0u);
  lines_of(files, &handled);
  std::printf("%d entries, %zu handlings (at least once); the killed "
              "consumer held %zu\n",
              n, handled, dead_held);
  for (std::size_t i = 1; i < pids.size(); ++i) {
    ::kill(pids[i], SIGTERM);
    int status = 0;
    ::waitpid(pids[i], &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  for (auto& f : files)
    std::remove(f.c_str());
}

} // namespace
