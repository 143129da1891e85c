// SPDX-License-Identifier: MIT
#include "side.hpp"

#include "baseline/baseline_side.hpp"
#include "engine/engine_side.hpp"

namespace redactor::bench {

const std::vector<side*>& both_sides() {
  static engine::engine_side redactor;
  static baseline::baseline_side baseline;
  static const std::vector<side*> sides{&redactor, &baseline};
  return sides;
}

side* side_named(std::string_view name) {
  for (auto* s : both_sides())
    if (s->name() == name)
      return s;
  return nullptr;
}

} // namespace redactor::bench
