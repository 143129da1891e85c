// SPDX-License-Identifier: MIT
#pragma once

#include "redactor/log_sink.hpp"
#include "redactor/middleware.hpp"

namespace redactor::processing {

/// broker_options::middleware, run in order (after_handle in reverse), each
/// hook guarded: one that throws is logged and the rest still run.
/// Thread-safe: immutable once made.
class middleware_chain {
 public:
  middleware_chain(middleware_list list, log_sink log);
  /// `first`, then the middleware of `rest`.
  middleware_chain(std::shared_ptr<middleware> first,
                   const middleware_chain& rest);

  bool empty() const noexcept { return list_.empty(); }

  void before_handle(const message& m) const;
  void after_handle(const message& m, const handling_outcome& o) const;
  void before_publish(const destination& to, publish_options& options) const;

 private:
  template <class Hook>
  void guarded(const char* hook, Hook&& run) const;

  middleware_list list_;
  log_sink log_;
};

} // namespace redactor::processing
