// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <typeinfo>

#include "redactor/error.hpp"

namespace redactor::metrics {

/// The exception_type label of a failed publish: the errc's name
/// ("connection_lost"), as FastStream uses the exception class name.
std::string error_label(const error_info& e);

/// The exception_type label of what a handler threw: its type's name
/// ("std::runtime_error").
std::string exception_label(const std::type_info& type);

} // namespace redactor::metrics
