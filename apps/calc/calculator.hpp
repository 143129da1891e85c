// SPDX-License-Identifier: MIT
#pragma once

#include <memory>

#include <redactor/rpc/registry.hpp>

namespace calc {

/// The RedisRPC seeds' calculator: one accumulator and the methods clr(),
/// add(number), sub(number), mul(number), div(number) and val(), each
/// returning the accumulator. div by zero raises "division by zero".
/// Thread-safe: the accumulator is shared by every protocol served.
std::shared_ptr<const redactor::rpc::registry> make_calculator();

} // namespace calc
