// SPDX-License-Identifier: MIT
#include "baseline/json_envelope.hpp"

namespace redactor::bench::baseline {

void write_request(std::string& out, std::string_view correlation_id,
                   std::string_view reply_to, std::string_view body) {
  out.assign(R"({"correlation_id":")");
  out.append(correlation_id);
  out.append(R"(","reply_to":")");
  out.append(reply_to);
  out.append(R"(","body":")");
  out.append(body);
  out.append(R"("})");
}

void write_reply(std::string& out, std::string_view correlation_id,
                 std::string_view body) {
  out.assign(R"({"correlation_id":")");
  out.append(correlation_id);
  out.append(R"(","body":")");
  out.append(body);
  out.append(R"("})");
}

std::string_view field_of(std::string_view json, std::string_view name) {
  constexpr std::string_view separator = "\":\"";
  for (auto at = json.find(name); at != std::string_view::npos;
       at = json.find(name, at + 1)) {
    auto value = at + name.size() + separator.size();
    if (at == 0 || json[at - 1] != '"' ||
        json.compare(at + name.size(), separator.size(), separator) != 0)
      continue;
    auto end = json.find('"', value);
    if (end != std::string_view::npos)
      return json.substr(value, end - value);
  }
  return {};
}

} // namespace redactor::bench::baseline
