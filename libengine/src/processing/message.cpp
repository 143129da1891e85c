// SPDX-License-Identifier: MIT
#include "redactor/message.hpp"

#include <thread>

#include "detail/id_generator.hpp"
#include "detail/utf8.hpp"

namespace redactor {

std::string_view message::text() const {
  if (!detail::is_valid_utf8(body_))
    throw error{make_error(errc::invalid_utf8, "message body is not UTF-8")};
  return body_;
}

namespace {

const std::string& no_text() noexcept {
  static const std::string empty;
  return empty;
}

} // namespace

message::generated_id::generated_id(const generated_id& other)
    : value_(other.get()), state_(other.state_.load() == none ? none : made) {
  // nop
}

message::generated_id::generated_id(generated_id&& other) noexcept
    : value_(std::move(other.value_)),
      state_(other.state_.exchange(none, std::memory_order_relaxed)) {
  // nop
}

message::generated_id&
message::generated_id::operator=(const generated_id& other) {
  if (this != &other) {
    value_ = other.get();
    state_.store(other.state_.load() == none ? none : made);
  }
  return *this;
}

message::generated_id&
message::generated_id::operator=(generated_id&& other) noexcept {
  value_ = std::move(other.value_);
  state_.store(other.state_.exchange(none, std::memory_order_relaxed));
  return *this;
}

const std::string& message::generated_id::get() const {
  for (;;) {
    auto now = state_.load(std::memory_order_acquire);
    if (now == made || now == none)
      return value_;
    if (now == making) {
      // Another thread is making it: a uuid4 takes well under a
      // microsecond.
      std::this_thread::yield();
      continue;
    }
    std::uint8_t expected = pending;
    if (!state_.compare_exchange_weak(expected, making,
                                      std::memory_order_acquire))
      continue;
    try {
      value_ = detail::new_uuid4();
    } catch (...) {
      state_.store(pending, std::memory_order_release);
      throw;
    }
    state_.store(made, std::memory_order_release);
    return value_;
  }
}

const std::string& message::header_or_generated(std::uint32_t at) const {
  return at < headers_.size() ? headers_[at].value : generated_id_.get();
}

const std::string& message::correlation_id() const {
  return header_or_generated(correlation_id_at_);
}

const std::string& message::message_id() const {
  return header_or_generated(message_id_at_);
}

const std::string& message::source_name() const noexcept {
  return source_name_ ? *source_name_ : no_text();
}

const std::string& message::channel() const noexcept {
  return channel_is_source_name_ ? source_name() : channel_;
}

const std::string& message::reply_to() const noexcept {
  return header_at(reply_to_at_, no_text());
}

const std::string& message::content_type() const noexcept {
  return header_at(content_type_at_, no_text());
}

std::optional<std::string_view> message::header(std::string_view name) const {
  if (auto* v = find_header(headers_, name))
    return std::string_view{*v};
  return std::nullopt;
}

std::optional<std::string_view>
message::path_param(std::string_view name) const {
  if (auto* v = find_header(path_, name))
    return std::string_view{*v};
  return std::nullopt;
}

} // namespace redactor
