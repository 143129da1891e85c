// SPDX-License-Identifier: MIT
#include "redactor/stream_sub.hpp"

namespace redactor {

std::optional<error_info> stream_sub::validate() const {
  auto fail = [](const char* why) {
    return make_error(errc::invalid_argument,
                      std::string("stream_sub: ") + why);
  };
  if (stream.empty())
    return fail("empty stream name");
  if (group.empty() != consumer.empty())
    return fail("group and consumer go together: give both or neither");
  if (max_workers == 0)
    return fail("max_workers is 0");
  if (max_records == 0)
    return fail("max_records is 0");
  if (polling_interval.count() <= 0)
    return fail("polling_interval must be positive");
  if (!has_group() &&
      (min_idle_time.count() > 0 || max_deliveries > 0 || no_ack))
    return fail("min_idle_time, max_deliveries and no_ack need a group");
  if (min_idle_time.count() < 0)
    return fail("min_idle_time is negative");
  return std::nullopt;
}

} // namespace redactor
