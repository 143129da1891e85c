// SPDX-License-Identifier: MIT
#include "calculator.hpp"

#include <mutex>
#include <stdexcept>

namespace calc {
namespace {

struct accumulator {
  std::mutex mtx;
  double value = 0;

  template <class F>
  double update(F f) {
    std::lock_guard<std::mutex> guard{mtx};
    value = f(value);
    return value;
  }

  double get() {
    std::lock_guard<std::mutex> guard{mtx};
    return value;
  }
};

} // namespace

std::shared_ptr<const redactor::rpc::registry> make_calculator() {
  auto acc = std::make_shared<accumulator>();
  auto methods = std::make_shared<redactor::rpc::registry>();
  methods->add_typed("clr", {},
                     [acc] { return acc->update([](double) { return 0.0; }); });
  methods->add_typed("add", {"number"}, [acc](double n) {
    return acc->update([n](double v) { return v + n; });
  });
  methods->add_typed("sub", {"number"}, [acc](double n) {
    return acc->update([n](double v) { return v - n; });
  });
  methods->add_typed("mul", {"number"}, [acc](double n) {
    return acc->update([n](double v) { return v * n; });
  });
  methods->add_typed("div", {"number"}, [acc](double n) {
    if (n == 0)
      throw std::domain_error("division by zero");
    return acc->update([n](double v) { return v / n; });
  });
  methods->add_typed("val", {}, [acc] { return acc->get(); });
  return methods;
}

} // namespace calc
