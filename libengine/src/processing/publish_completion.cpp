// SPDX-License-Identifier: MIT
#include "processing/publish_completion.hpp"

#include "metrics/error_label.hpp"

namespace redactor::processing {

publish_completion::publish_completion(
    publish_callback callback,
    std::shared_ptr<metrics::destination_meter> meter, std::size_t count)
    : callback_(std::move(callback)), meter_(std::move(meter)), count_(count),
      since_(meter_ ? metrics::clock::now() : metrics::clock::time_point{}) {
  // nop
}

void publish_completion::operator()(result<publish_result> r) {
  if (meter_)
    meter_->published(count_, metrics::seconds_since(since_),
                      r ? std::string{} : metrics::error_label(r.error()));
  if (callback_)
    callback_(std::move(r));
}

} // namespace redactor::processing
