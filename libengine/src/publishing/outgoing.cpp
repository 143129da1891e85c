// SPDX-License-Identifier: MIT
#include "publishing/outgoing.hpp"

#include "detail/id_generator.hpp"
#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/wire_headers.hpp"

namespace redactor::outgoing {

result<std::string> frame(std::string_view body,
                          const publish_options& options) {
  if (options.raw)
    return std::string{body};
  auto cid = options.correlation_id.empty() ? detail::new_uuid4()
                                            : options.correlation_id;
  auto headers = wire_headers::build(cid, options.content_type,
                                     options.reply_to, options.headers);
  return binary_format_v1::encode(headers, body);
}

std::vector<std::string> command(const destination& to,
                                 std::vector<std::string> frames) {
  std::vector<std::string> args;
  args.reserve(frames.size() + 7);
  switch (to.type) {
  case destination::kind::channel:
    args = {to.sharded ? "SPUBLISH" : "PUBLISH", to.name};
    break;
  case destination::kind::list:
    args = {"RPUSH", to.name};
    break;
  case destination::kind::stream:
    args = {"XADD", to.name};
    if (to.maxlen > 0) {
      args.emplace_back("MAXLEN");
      args.emplace_back(to.exact_trim ? "=" : "~");
      args.push_back(std::to_string(to.maxlen));
    }
    args.emplace_back("*");
    args.emplace_back("__data__");
    break;
  }
  for (auto& f : frames)
    args.push_back(std::move(f));
  return args;
}

result<publish_result> to_result(result<redis::reply> r) {
  if (!r)
    return r.error();
  if (r->is_error())
    return make_error(errc::refused, r->str);
  publish_result out;
  if (r->type == redis::reply::kind::integer)
    out.count = r->integer;
  else
    out.entry_id = std::move(r->str);
  return out;
}

} // namespace redactor::outgoing
