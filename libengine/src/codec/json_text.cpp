// SPDX-License-Identifier: MIT
#include "codec/json_text.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include <boost/json/parse.hpp>

#include "detail/utf8.hpp"

namespace redactor::json_text {
namespace {

namespace json = boost::json;

// Stand-ins for the non-finite tokens, as strings no well-formed peer sends:
// they start with a NUL character.
constexpr std::string_view nan_marker{"\0NaN", 4};
constexpr std::string_view inf_marker{"\0Infinity", 9};
constexpr std::string_view neg_inf_marker{"\0-Infinity", 10};

/// Rewrites bare NaN/Infinity/-Infinity tokens outside strings into marker
/// strings. Returns false when there were none (the text is then unchanged).
bool rewrite_non_finite(std::string_view text, std::string& out) {
  bool found = false;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size()) {
        out.push_back(c);
        c = text[++i];
      } else if (c == '"') {
        in_string = false;
      }
      out.push_back(c);
      continue;
    }
    auto token = [&](std::string_view word, std::string_view marker) {
      if (text.substr(i, word.size()) != word)
        return false;
      out.append("\"\\u0000").append(marker.substr(1)).push_back('"');
      i += word.size() - 1;
      found = true;
      return true;
    };
    if (token("NaN", nan_marker) || token("Infinity", inf_marker) ||
        token("-Infinity", neg_inf_marker))
      continue;
    if (c == '"')
      in_string = true;
    out.push_back(c);
  }
  return found;
}

/// Calls `fn` on every scalar in `v` (depth is bounded by the parser).
template <class Fn>
void for_each_scalar(json::value& v, Fn& fn) {
  if (auto* a = v.if_array()) {
    for (auto& x : *a)
      for_each_scalar(x, fn);
  } else if (auto* o = v.if_object()) {
    for (auto& kv : *o)
      for_each_scalar(kv.value(), fn);
  } else {
    fn(v);
  }
}

void restore_non_finite(json::value& v) {
  auto restore = [](json::value& x) {
    auto* s = x.if_string();
    if (s == nullptr)
      return;
    std::string_view text{s->data(), s->size()};
    if (text == nan_marker)
      x = std::numeric_limits<double>::quiet_NaN();
    else if (text == inf_marker)
      x = std::numeric_limits<double>::infinity();
    else if (text == neg_inf_marker)
      x = -std::numeric_limits<double>::infinity();
  };
  for_each_scalar(v, restore);
}

/// Boost.JSON reads a number too large for a double (1e400) as infinity,
/// which then has no JSON form; strict reading refuses it up front.
bool has_non_finite(json::value& v) {
  bool found = false;
  auto check = [&found](json::value& x) {
    found = found || (x.is_double() && !std::isfinite(x.get_double()));
  };
  for_each_scalar(v, check);
  return found;
}

void write_string(std::string_view s, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (c == '\t') {
      out.append("\\t");
    } else if (u < 0x20) {
      out.append("\\u00");
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 0xF]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

template <class Number>
void write_number(Number x, std::string& out) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, res.ptr);
}

/// Writes a string or key; JSON text must be UTF-8.
bool write_utf8_string(std::string_view text, std::string& out,
                       error_info& err) {
  if (!detail::is_valid_utf8(text)) {
    err = make_error(errc::unencodable, "string is not valid UTF-8");
    return false;
  }
  write_string(text, out);
  return true;
}

bool write_value(const json::value& v, std::string& out, std::size_t depth,
                 error_info& err) {
  if (depth > max_depth) {
    err = make_error(errc::too_deep,
                     "value nests deeper than " + std::to_string(max_depth));
    return false;
  }
  switch (v.kind()) {
  case json::kind::null:
    out.append("null");
    return true;
  case json::kind::bool_:
    out.append(v.get_bool() ? "true" : "false");
    return true;
  case json::kind::int64:
    write_number(v.get_int64(), out);
    return true;
  case json::kind::uint64:
    write_number(v.get_uint64(), out);
    return true;
  case json::kind::double_: {
    double d = v.get_double();
    if (!std::isfinite(d)) {
      err = make_error(errc::unencodable, "non-finite number");
      return false;
    }
    auto start = out.size();
    write_number(d, out);
    if (out.find_first_of(".e", start) == std::string::npos)
      out.append(".0");
    return true;
  }
  case json::kind::string: {
    const auto& s = v.get_string();
    return write_utf8_string({s.data(), s.size()}, out, err);
  }
  case json::kind::array: {
    out.push_back('[');
    bool first = true;
    for (const auto& x : v.get_array()) {
      if (!first)
        out.push_back(',');
      first = false;
      if (!write_value(x, out, depth + 1, err))
        return false;
    }
    out.push_back(']');
    return true;
  }
  case json::kind::object: {
    out.push_back('{');
    bool first = true;
    for (const auto& kv : v.get_object()) {
      if (!first)
        out.push_back(',');
      first = false;
      if (!write_utf8_string({kv.key().data(), kv.key().size()}, out, err))
        return false;
      out.push_back(':');
      if (!write_value(kv.value(), out, depth + 1, err))
        return false;
    }
    out.push_back('}');
    return true;
  }
  }
  return true;
}

} // namespace

result<json::value> read(std::string_view text, read_options opts) {
  std::string rewritten;
  if (opts.allow_non_finite && rewrite_non_finite(text, rewritten))
    text = rewritten;
  json::parse_options po;
  po.max_depth = max_depth;
  std::error_code ec;
  auto v = json::parse(json::string_view{text.data(), text.size()}, ec, {}, po);
  if (ec == json::error::too_deep)
    return make_error(errc::too_deep,
                      "JSON nests deeper than " + std::to_string(max_depth));
  if (ec)
    return make_error(errc::invalid_json, ec.message());
  if (!rewritten.empty())
    restore_non_finite(v);
  else if (!opts.allow_non_finite && has_non_finite(v))
    return make_error(errc::invalid_json, "number out of range");
  return v;
}

result<std::string> write(const json::value& value) {
  std::string out;
  error_info err;
  if (!write_value(value, out, 0, err))
    return err;
  return out;
}

} // namespace redactor::json_text
