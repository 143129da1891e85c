// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "asyncapi/catalogue.hpp"
#include "redactor/broker_options.hpp"

namespace redactor::asyncapi {

/// The AsyncAPI 3.0 document (JSON text) of what `entries` lists, for a
/// broker with `options`: see broker::asyncapi().
std::string document(const catalogue& entries, const broker_options& options);

} // namespace redactor::asyncapi
