// SPDX-License-Identifier: MIT
#include "processing/outgoing.hpp"

#include "codec/binary_format_views.hpp"
#include "detail/id_generator.hpp"

namespace redactor::processing::outgoing {

result<std::string> frame(std::string_view body,
                          const publish_options& options) {
  if (options.raw)
    return std::string{body};
  // Encoded from views: no header, and no generated id, is copied into a
  // string before it is written into the frame.
  char generated[detail::uuid_size];
  std::string_view cid = options.correlation_id;
  if (cid.empty()) {
    detail::write_uuid4(generated);
    cid = {generated, sizeof generated};
  }
  return binary_format_v1::encode_views(
      wire_headers::build_views(cid, options.content_type, options.reply_to,
                                options.headers),
      body);
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
