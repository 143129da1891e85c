// SPDX-License-Identifier: MIT
#include "execution/loop_coordinator.hpp"

#include <atomic>
#include <future>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <gtest/gtest.h>

using redactor::execution::loop_coordinator;
using redactor::redis::io_loop;
using namespace std::chrono_literals;

namespace {

using spin_atom = caf::atom_constant<caf::atom("spin")>;
using ping_atom = caf::atom_constant<caf::atom("ping")>;

/// Answers a ping with whether it runs on `loop`. The actors here are
/// spawned with arguments, as the engine's are: CAF 0.17 dereferences a
/// null argument tuple for a lambda spawned without any (UBSan says so).
caf::behavior where_am_i(caf::event_based_actor*, io_loop* loop,
                         std::promise<bool>* on_loop) {
  return {[=](ping_atom) { on_loop->set_value(loop->in_loop_thread()); }};
}

/// Sends itself a message for every one it handles until `stop`: never
/// idle.
caf::behavior flood(caf::event_based_actor* self, std::atomic<bool>* stop,
                    std::atomic<long>* spins) {
  return {[=](spin_atom) {
    ++*spins;
    if (!*stop)
      self->send(self, spin_atom::value);
  }};
}

/// Reports how far `spins` had got when it was pinged.
caf::behavior quiet(caf::event_based_actor*, const std::atomic<long>* spins,
                    std::promise<long>* answered) {
  return {[=](ping_atom) { answered->set_value(spins->load()); }};
}

/// An actor system whose actors run on `loop`.
struct loop_system {
  explicit loop_system(io_loop& loop) {
    config.module_factories.push_back(
        [&loop](caf::actor_system& sys) -> caf::actor_system::module* {
          return new loop_coordinator(sys, loop);
        });
    config.set("scheduler.max-throughput", 4);
    system = std::make_unique<caf::actor_system>(config);
  }
  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
};

} // namespace

TEST(loop_coordinator, actors_run_on_the_loop_thread) {
  io_loop loop;
  {
    loop_system s{loop};
    std::promise<bool> on_loop;
    auto a = s.system->spawn(where_am_i, &loop, &on_loop);
    caf::anon_send(a, ping_atom::value);
    auto f = on_loop.get_future();
    ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
    EXPECT_TRUE(f.get());
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    s.system->await_all_actors_done();
    loop.stop();
  }
}

TEST(loop_coordinator, a_flooded_actor_does_not_keep_others_waiting) {
  io_loop loop;
  {
    loop_system s{loop};
    std::atomic<bool> stop{false};
    std::atomic<long> spins{0};
    auto busy = s.system->spawn(flood, &stop, &spins);
    for (int i = 0; i < 64; ++i)
      caf::anon_send(busy, spin_atom::value);
    std::promise<long> answered;
    auto idle = s.system->spawn(quiet, &spins, &answered);
    while (spins < 10000)
      std::this_thread::yield();
    caf::anon_send(idle, ping_atom::value);
    auto f = answered.get_future();
    ASSERT_EQ(f.wait_for(5s), std::future_status::ready);
    EXPECT_GT(f.get(), 0);
    // A loop task posted meanwhile runs too.
    std::promise<void> posted;
    loop.post([&] { posted.set_value(); });
    EXPECT_EQ(posted.get_future().wait_for(5s), std::future_status::ready);
    stop = true;
    caf::anon_send_exit(busy, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(idle, caf::exit_reason::user_shutdown);
    s.system->await_all_actors_done();
    loop.stop();
  }
}
