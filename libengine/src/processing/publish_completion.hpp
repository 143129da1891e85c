// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>

#include "metrics/destination_meter.hpp"
#include "metrics/stopwatch.hpp"
#include "redactor/publisher.hpp"

namespace redactor::processing {

/// What a publish does once its destination answered: count it on the
/// destination's meter, with the time it took, then call the publisher's
/// callback. One object, moved whole down to the command that carries it,
/// where a callback wrapped per layer cost an allocation each.
class publish_completion {
 public:
  /// Counts `count` messages on `meter` when given; the clock starts now.
  publish_completion(publish_callback callback,
                     std::shared_ptr<metrics::destination_meter> meter,
                     std::size_t count);

  /// Only the callback, nothing counted (implicit: a plain callback is a
  /// completion).
  publish_completion(publish_callback callback)
      : callback_(std::move(callback)) {}

  void operator()(result<publish_result> r);

 private:
  publish_callback callback_;
  std::shared_ptr<metrics::destination_meter> meter_;
  std::size_t count_ = 0;
  metrics::clock::time_point since_{};
};

} // namespace redactor::processing
