// SPDX-License-Identifier: MIT
#include "processing/outgoing.hpp"

#include "detail/id_generator.hpp"
#include "redactor/codec/binary_format.hpp"
#include "redactor/codec/wire_headers.hpp"

namespace redactor::processing::outgoing {

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

} // namespace redactor::processing::outgoing
