// SPDX-License-Identifier: MIT
#pragma once

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>

namespace redactor::test {

/// An actor system on CAF's test scheduler: nothing runs until the test
/// says so (sched.run()), delayed messages fire when it triggers them.
struct deterministic_system {
  caf::actor_system_config cfg;
  caf::actor_system sys{configured(cfg)};
  caf::scheduler::test_coordinator& sched =
      dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());

 private:
  static caf::actor_system_config& configured(caf::actor_system_config& c) {
    c.set("scheduler.policy", caf::atom("testing"));
    return c;
  }
};

} // namespace redactor::test
