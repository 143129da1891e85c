// SPDX-License-Identifier: MIT
#include "redactor/channel_sub.hpp"

#include "subscriptions/path_pattern.hpp"

namespace redactor {

bool channel_sub::is_pattern() const {
  return pattern || channel.find_first_of("*?[") != std::string::npos ||
         subscriptions::path_pattern{channel}.has_params();
}

std::optional<error_info> channel_sub::validate() const {
  if (channel.empty())
    return make_error(errc::invalid_argument, "channel_sub: empty channel");
  if (max_workers == 0)
    return make_error(errc::invalid_argument, "channel_sub: max_workers is 0");
  if (sharded && is_pattern())
    return make_error(errc::invalid_argument,
                      "channel_sub: sharded Pub/Sub has no patterns");
  return std::nullopt;
}

} // namespace redactor
