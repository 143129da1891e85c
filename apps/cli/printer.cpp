// SPDX-License-Identifier: MIT
#include "cli/printer.hpp"

#include <optional>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <redactor/json.hpp>

namespace cli {
namespace {

std::string base64(std::string_view bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16 |
                 static_cast<unsigned char>(bytes[i + 1]) << 8 |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6)
      out.push_back(alphabet[(n >> shift) & 63]);
  }
  if (auto rest = bytes.size() - i; rest > 0) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2)
      n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(alphabet[(n >> 18) & 63]);
    out.push_back(alphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? alphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::string_view> as_text(const redactor::message& m) {
  try {
    return m.text();
  } catch (const redactor::error&) {
    return std::nullopt;
  }
}

const char* source_name(redactor::source_kind k) {
  switch (k) {
  case redactor::source_kind::list:
    return "list";
  case redactor::source_kind::stream:
    return "stream";
  case redactor::source_kind::channel:
    break;
  }
  return "channel";
}

} // namespace

bool printer::print(const redactor::message& m) {
  ++seen_;
  auto text = as_text(m);
  auto where = m.source() == redactor::source_kind::channel ? m.channel()
                                                            : m.source_name();
  if (json_) {
    boost::json::object line;
    line["source"] = source_name(m.source());
    line["name"] = where;
    line["correlation_id"] = m.correlation_id();
    if (!m.entry_id().empty())
      line["entry_id"] = m.entry_id();
    boost::json::object headers;
    for (const auto& h : m.headers())
      headers[h.name] = h.value;
    line["headers"] = std::move(headers);
    if (text)
      line["body"] = *text;
    else
      line["body_base64"] = base64(m.body());
    out_ << boost::json::serialize(line) << std::endl;
    return out_.good();
  }
  out_ << "[#" << seen_ << "] " << source_name(m.source()) << " \"" << where
       << "\"";
  if (!m.entry_id().empty())
    out_ << " entry " << m.entry_id();
  out_ << " (correlation_id " << m.correlation_id() << ")\n";
  for (const auto& h : m.headers())
    out_ << h.name << ": " << h.value << "\n";
  out_ << "\n";
  if (text)
    out_ << *text << "\n";
  else
    out_ << "(" << m.body().size() << " bytes, not UTF-8; base64) "
         << base64(m.body()) << "\n";
  out_ << std::endl;
  return out_.good();
}

bool printer::print_body(const redactor::message& m) {
  if (!json_) {
    out_ << m.body() << std::endl;
    return out_.good();
  }
  std::string line;
  try {
    // Reformatted in Redactor's one number style (3.0, never 3E0).
    line = redactor::to_json_text(redactor::parse_json(m.body()));
  } catch (const redactor::error&) {
    if (auto text = as_text(m))
      line = boost::json::serialize(boost::json::string{*text});
    else
      line = boost::json::serialize(
          boost::json::object{{"body_base64", base64(m.body())}});
  }
  out_ << line << std::endl;
  return out_.good();
}

} // namespace cli
