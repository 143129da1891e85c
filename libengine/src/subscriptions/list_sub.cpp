// SPDX-License-Identifier: MIT
#include "redactor/list_sub.hpp"

namespace redactor {

std::optional<error_info> list_sub::validate() const {
  if (list.empty())
    return make_error(errc::invalid_argument, "list_sub: empty list name");
  if (max_workers == 0)
    return make_error(errc::invalid_argument, "list_sub: max_workers is 0");
  if (max_records == 0)
    return make_error(errc::invalid_argument, "list_sub: max_records is 0");
  if (polling_interval.count() <= 0)
    return make_error(errc::invalid_argument,
                      "list_sub: polling_interval must be positive");
  return std::nullopt;
}

} // namespace redactor
