// SPDX-License-Identifier: MIT
#include "redactor/error.hpp"

namespace redactor {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "redactor"; }

  std::string message(int code) const override {
    switch (static_cast<errc>(code)) {
    case errc::truncated:
      return "input truncated";
    case errc::bad_offset:
      return "length or offset out of place";
    case errc::unsupported_version:
      return "unsupported format version";
    case errc::invalid_utf8:
      return "invalid UTF-8";
    case errc::invalid_json:
      return "invalid JSON";
    case errc::too_deep:
      return "nesting too deep";
    case errc::protocol_violation:
      return "protocol violation";
    case errc::unencodable:
      return "value cannot be encoded";
    case errc::invalid_argument:
      return "invalid argument";
    case errc::connection_failed:
      return "cannot connect to Redis";
    case errc::connection_lost:
      return "connection to Redis lost";
    case errc::timeout:
      return "no reply within the timeout";
    case errc::too_many_pending:
      return "too many pending requests";
    case errc::remote_error:
      return "the responder failed";
    case errc::no_subscriber:
      return "no subscriber for the destination";
    case errc::would_deadlock:
      return "waiting here would deadlock the engine";
    case errc::refused:
      return "Redis refused the command";
    case errc::under_replicated:
      return "fewer replicas than asked confirmed the write";
    case errc::not_running:
      return "the broker is not running";
    }
    return "unknown redactor error";
  }
};

} // namespace

const std::error_category& error_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(errc code) noexcept {
  return {static_cast<int>(code), error_category()};
}

std::string error_info::message() const {
  return detail.empty() ? code.message() : code.message() + ": " + detail;
}

error_info make_error(errc code, std::string detail) {
  return {make_error_code(code), std::move(detail)};
}

error::error(error_info info)
    : std::runtime_error(info.message()), info_(std::move(info)) {
  // nop
}

} // namespace redactor
