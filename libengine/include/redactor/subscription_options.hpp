// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

#include "redactor/destination.hpp"

namespace redactor {

/// Settings every subscription kind shares.
struct subscription_options {
  /// Handlers running at once for this subscription. With 1, messages are
  /// handled one after the other in the order they were read; with more,
  /// they run concurrently and finish in any order.
  std::size_t max_workers = 1;
  /// A handler's response is also published to each of these (FastStream's
  /// `@publisher`).
  std::vector<destination> publish_to;
  /// Do not answer messages that carry reply_to.
  bool no_reply = false;
};

} // namespace redactor
