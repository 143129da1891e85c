// SPDX-License-Identifier: MIT
#include "cli/options.hpp"

#include "common/duration.hpp"

namespace cli {

std::string validate(options& o, std::chrono::milliseconds default_timeout) {
  int targets = !o.channel.empty() + !o.list.empty() + !o.stream.empty();
  if (targets != 1)
    return "give exactly one of --channel, --list, --stream";
  if (!o.channel.empty())
    o.target = redactor::destination::channel(o.channel);
  else if (!o.list.empty())
    o.target = redactor::destination::list(o.list);
  else
    o.target =
        redactor::destination::stream(o.stream, o.maxlen, o.maxlen_exact);
  if ((o.maxlen > 0 || o.maxlen_exact) && o.stream.empty())
    return "--maxlen and --maxlen-exact apply to --stream only";
  if (o.maxlen_exact && o.maxlen == 0)
    return "--maxlen-exact needs --maxlen";
  if ((!o.group.empty() || !o.consumer.empty() || !o.from.empty()) &&
      o.stream.empty())
    return "--group, --consumer and --from apply to --stream only";
  if (o.group.empty() != o.consumer.empty())
    return "--group and --consumer go together";
  for (const auto& flag : o.header_flags) {
    auto eq = flag.find('=');
    if (eq == std::string::npos || eq == 0)
      return "--header takes NAME=VALUE, not '" + flag + "'";
    redactor::set_header(o.headers, flag.substr(0, eq), flag.substr(eq + 1));
  }
  o.timeout = default_timeout;
  if (!o.timeout_text.empty()) {
    auto t = apps::parse_duration(o.timeout_text);
    if (!t)
      return "--timeout: '" + o.timeout_text +
             "' is not a duration (2s, 500ms, 1.5s, 1m)";
    o.timeout = *t;
  }
  return {};
}

} // namespace cli
