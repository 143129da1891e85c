// SPDX-License-Identifier: MIT
#include "redactor/log_sink.hpp"

#include <cstdio>
#include <string>

#include <boost/json/object.hpp>

#include "codec/json_text.hpp"

namespace redactor {
namespace {

const char* level_name(log_level level) {
  static constexpr const char* names[] = {"debug", "info", "warning", "error"};
  return names[static_cast<int>(level)];
}

} // namespace

log_sink stderr_log(log_level min_level) {
  return {[](const log_record& r) {
            // One fputs per line keeps concurrent lines whole.
            std::string out = "redactor ";
            out += level_name(r.level);
            out += ": ";
            out += r.text;
            out += '\n';
            std::fputs(out.c_str(), stderr);
          },
          min_level};
}

log_sink json_log(log_level min_level) {
  return {[](const log_record& r) {
            boost::json::object line;
            line["level"] = level_name(r.level);
            line["text"] = r.text;
            auto add = [&line](const char* key, std::string_view value) {
              if (!value.empty())
                line[key] = value;
            };
            add("subscription", r.subscription);
            add("correlation_id", r.correlation_id);
            add("destination", r.destination);
            // The fields are escaped valid UTF-8, so writing cannot fail.
            auto text = json_text::write(line);
            if (!text)
              return;
            *text += '\n';
            std::fputs(text->c_str(), stderr);
          },
          min_level};
}

} // namespace redactor
