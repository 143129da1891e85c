// SPDX-License-Identifier: MIT
#include "redactor/reply_address.hpp"

namespace redactor {
namespace {

constexpr std::string_view channel_scheme = "channel://";
constexpr std::string_view list_scheme = "list://";
constexpr std::string_view stream_scheme = "stream://";

bool strip(std::string_view& text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix)
    return false;
  text.remove_prefix(prefix.size());
  return true;
}

} // namespace

destination reply_destination(std::string_view reply_to,
                              destination::kind plain) {
  auto kind = plain;
  if (strip(reply_to, channel_scheme))
    kind = destination::kind::channel;
  else if (strip(reply_to, list_scheme))
    kind = destination::kind::list;
  else if (strip(reply_to, stream_scheme))
    kind = destination::kind::stream;
  return {kind, std::string{reply_to}, 0, false};
}

std::string reply_address(const destination& to) {
  switch (to.type) {
  case destination::kind::list:
    return std::string{list_scheme} + to.name;
  case destination::kind::stream:
    return std::string{stream_scheme} + to.name;
  case destination::kind::channel:
    break;
  }
  return to.name;
}

} // namespace redactor
