// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>

#include "redactor/broker.hpp"
#include "workload.hpp"

namespace redactor::bench::engine {

/// `key` over `t` as a publishing destination.
inline destination destination_of(transport t, const std::string& key) {
  switch (t) {
  case transport::list:
    return destination::list(key);
  case transport::stream:
    return destination::stream(key);
  case transport::channel:
    break;
  }
  return destination::channel(key);
}

/// Subscribes `fn` to `key` over `t`, reading up to `batch` messages at a
/// time from a list or a stream (in the scenarios' consumer group).
inline subscription_token subscribe_to(broker& b, transport t,
                                       const std::string& key,
                                       std::size_t batch, handler fn) {
  switch (t) {
  case transport::list: {
    list_sub sub{key};
    sub.max_records = batch;
    return b.subscribe(std::move(sub), std::move(fn));
  }
  case transport::stream: {
    stream_sub sub{key, std::string{group_name}, std::string{consumer_name}};
    sub.max_records = batch;
    return b.subscribe(std::move(sub), std::move(fn));
  }
  case transport::channel:
    break;
  }
  return b.subscribe(channel_sub{key}, std::move(fn));
}

} // namespace redactor::bench::engine
