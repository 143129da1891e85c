// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "metrics/instruments.hpp"

namespace redactor::metrics {

/// One metric family's instruments, one per set of label values. Looking a
/// child up takes a lock: callers look up once and keep the reference
/// (children live as long as the family), except where the label value is
/// only known per message (a pattern's channel, an exception type).
template <class Instrument>
class family {
 public:
  using label_values = std::vector<std::string>;

  family(std::vector<std::string> label_names,
         const bucket_bounds* bounds = nullptr)
      : label_names_(std::move(label_names)), bounds_(bounds) {
    // nop
  }

  const std::vector<std::string>& label_names() const noexcept {
    return label_names_;
  }

  /// The child for `values` (one per label name), made on first use.
  Instrument& with(const label_values& values) {
    std::lock_guard<std::mutex> guard{mtx_};
    auto& slot = children_[values];
    if (!slot) {
      if constexpr (std::is_same_v<Instrument, histogram>)
        slot = std::make_unique<Instrument>(*bounds_);
      else
        slot = std::make_unique<Instrument>();
    }
    return *slot;
  }

  /// Forgets every child; for families refilled at each scrape, whose
  /// children nobody keeps.
  void clear() {
    std::lock_guard<std::mutex> guard{mtx_};
    children_.clear();
  }

  /// Calls f(values, instrument) for each child, in label order.
  void each(const std::function<void(const label_values&, const Instrument&)>&
                f) const {
    std::lock_guard<std::mutex> guard{mtx_};
    for (auto& [values, child] : children_)
      f(values, *child);
  }

 private:
  std::vector<std::string> label_names_;
  const bucket_bounds* bounds_;
  mutable std::mutex mtx_;
  std::map<label_values, std::unique_ptr<Instrument>> children_;
};

/// A child looked up on first use and cached, so that a series appears
/// only once something happened to it (a status never seen shows no zero).
template <class Instrument>
class lazy_child {
 public:
  lazy_child(family<Instrument>& fam,
             typename family<Instrument>::label_values values)
      : fam_(fam), values_(std::move(values)) {
    // nop
  }

  Instrument& get() {
    auto* child = child_.load(std::memory_order_acquire);
    if (!child) {
      // Racing threads find the same child: with() is idempotent.
      child = &fam_.with(values_);
      child_.store(child, std::memory_order_release);
    }
    return *child;
  }

 private:
  family<Instrument>& fam_;
  typename family<Instrument>::label_values values_;
  std::atomic<Instrument*> child_{nullptr};
};

} // namespace redactor::metrics
