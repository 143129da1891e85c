// SPDX-License-Identifier: MIT
#include "metrics/error_label.hpp"

#include <cstdlib>
#include <memory>

#include <cxxabi.h>

namespace redactor::metrics {

std::string error_label(const error_info& e) {
  if (e.code.category() != error_category())
    return e.code.category().name();
  switch (static_cast<errc>(e.code.value())) {
  case errc::truncated:
    return "truncated";
  case errc::bad_offset:
    return "bad_offset";
  case errc::unsupported_version:
    return "unsupported_version";
  case errc::invalid_utf8:
    return "invalid_utf8";
  case errc::invalid_json:
    return "invalid_json";
  case errc::too_deep:
    return "too_deep";
  case errc::protocol_violation:
    return "protocol_violation";
  case errc::unencodable:
    return "unencodable";
  case errc::invalid_argument:
    return "invalid_argument";
  case errc::connection_failed:
    return "connection_failed";
  case errc::connection_lost:
    return "connection_lost";
  case errc::timeout:
    return "timeout";
  case errc::too_many_pending:
    return "too_many_pending";
  case errc::remote_error:
    return "remote_error";
  case errc::no_subscriber:
    return "no_subscriber";
  case errc::would_deadlock:
    return "would_deadlock";
  case errc::refused:
    return "refused";
  case errc::under_replicated:
    return "under_replicated";
  case errc::not_running:
    return "not_running";
  }
  return "unknown";
}

std::string exception_label(const std::type_info& type) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> name{
      abi::__cxa_demangle(type.name(), nullptr, nullptr, &status), &std::free};
  return status == 0 && name ? std::string{name.get()} : type.name();
}

} // namespace redactor::metrics
