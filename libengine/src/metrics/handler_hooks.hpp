// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include "metrics/handler_meter.hpp"
#include "redactor/middleware.hpp"

namespace redactor::metrics {

/// A subscription's handler metrics, kept as a middleware around each
/// handler call: the in-process gauge, the duration histogram and the
/// exceptions by type, once per call (a batch's call is one). What is
/// decided without a handler (received, rejected, skipped, processed)
/// stays with the message processor.
class handler_hooks final : public middleware {
 public:
  explicit handler_hooks(std::shared_ptr<subscription_meter> meter)
      : meter_(std::move(meter)) {
    // nop
  }

  void before_handle(const message& m) override;
  void after_handle(const message& m, const handling_outcome& o) override;

 private:
  std::shared_ptr<subscription_meter> meter_;
};

} // namespace redactor::metrics
