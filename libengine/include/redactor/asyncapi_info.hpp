// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace redactor {

/// The info object of the AsyncAPI document (broker::asyncapi()).
struct asyncapi_info {
  /// The service's name.
  std::string title = "Redactor service";
  /// The service's API version (not Redactor's).
  std::string version = "0.1.0";
  /// CommonMark; empty: none.
  std::string description;
};

} // namespace redactor
