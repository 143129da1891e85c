// SPDX-License-Identifier: MIT
#include "redactor/message.hpp"

#include <thread>

#include "codec/frame_layout.hpp"
#include "codec/named_headers.hpp"
#include "detail/id_generator.hpp"
#include "detail/utf8.hpp"

namespace redactor {

std::string_view message::text() const {
  if (!detail::is_valid_utf8(body()))
    throw error{make_error(errc::invalid_utf8, "message body is not UTF-8")};
  return body();
}

namespace {

const std::string& no_text() noexcept {
  static const std::string empty;
  return empty;
}

/// The headers of a message's frame, where they are.
binary_format_v1::header_reader frame_headers(std::string_view payload,
                                              std::uint32_t headers_at,
                                              bool in_characters) noexcept {
  return {payload, {headers_at, 0, in_characters}};
}

} // namespace

template <class Make>
void message::first_use::ensure(Make make) const {
  for (;;) {
    auto was = state_.load(std::memory_order_acquire);
    if (was == none || was == made)
      return;
    if (was == making) {
      // Another thread is making it: a uuid4 or a few short strings.
      std::this_thread::yield();
      continue;
    }
    std::uint8_t expected = pending;
    if (!state_.compare_exchange_weak(expected, making,
                                      std::memory_order_acquire))
      continue;
    try {
      make();
    } catch (...) {
      state_.store(pending, std::memory_order_release);
      throw;
    }
    state_.store(made, std::memory_order_release);
    return;
  }
}

message::generated_id::generated_id(const generated_id& other)
    : value_(other.get()) {
  use_.set(other.use_.now() == first_use::none ? first_use::none
                                               : first_use::made);
}

message::generated_id::generated_id(generated_id&& other) noexcept
    : value_(std::move(other.value_)) {
  use_.set(other.use_.now());
  other.use_.set(first_use::none);
}

message::generated_id&
message::generated_id::operator=(const generated_id& other) {
  if (this != &other)
    *this = generated_id{other};
  return *this;
}

message::generated_id&
message::generated_id::operator=(generated_id&& other) noexcept {
  if (this == &other)
    return *this;
  value_ = std::move(other.value_);
  use_.set(other.use_.now());
  other.use_.set(first_use::none);
  return *this;
}

const std::string& message::generated_id::get() const {
  use_.ensure([this] { value_ = detail::new_uuid4(); });
  return value_;
}

message::header_cache::header_cache(const header_cache& other) {
  if (const auto* list = other.read_so_far())
    list_ = *list;
  else
    use_.set(first_use::pending);
}

message::header_cache::header_cache(header_cache&& other) noexcept {
  *this = std::move(other);
}

message::header_cache&
message::header_cache::operator=(const header_cache& other) {
  if (this != &other)
    *this = header_cache{other};
  return *this;
}

message::header_cache&
message::header_cache::operator=(header_cache&& other) noexcept {
  if (this == &other)
    return *this;
  // A moved-from message has no payload left: it holds no headers.
  use_.set(other.read_so_far() ? first_use::none : first_use::pending);
  list_ = std::move(other.list_);
  other.list_.clear();
  other.use_.set(first_use::none);
  return *this;
}

void message::header_cache::hold(header_list list) noexcept {
  list_ = std::move(list);
  use_.set(first_use::none);
}

const header_list* message::header_cache::read_so_far() const noexcept {
  auto now = use_.now();
  return now == first_use::none || now == first_use::made ? &list_ : nullptr;
}

template <class Fill>
const header_list& message::header_cache::get(Fill fill) const {
  use_.ensure([&] {
    try {
      fill(list_);
    } catch (...) {
      list_.clear();
      throw;
    }
  });
  return list_;
}

const header_list& message::headers() const {
  return headers_.get([this](header_list& out) {
    binary_format_v1::read_all(frame_headers(payload_, frame_headers_at_,
                                             frame_lengths_in_characters_),
                               out);
  });
}

std::optional<std::string_view> message::named(named_header n) const noexcept {
  const auto& at = named_[n];
  if (!at.found())
    return std::nullopt;
  if (format_ == payload_format::binary_v1) {
    if (at.offset + std::size_t{at.size} > payload_.size())
      return std::nullopt;
    return std::string_view{payload_}.substr(at.offset, at.size);
  }
  // An envelope's headers came as a list, held from the start.
  const auto* list = headers_.read_so_far();
  if (list == nullptr || at.index >= list->size())
    return std::nullopt;
  return std::string_view{(*list)[at.index].value};
}

const std::string& message::listed(named_header n,
                                   const std::string& otherwise) const {
  auto at = named_[n].index;
  if (at == detail::named_headers::absent)
    return otherwise;
  const auto& list = headers();
  return at < list.size() ? list[at].value : otherwise;
}

const std::string& message::listed_or_generated(named_header n) const {
  if (!named_[n].found())
    return generated_id_.get();
  // A moved-from message has no list left and no id to generate: empty.
  return listed(n, no_text());
}

const std::string& message::correlation_id() const {
  return listed_or_generated(detail::named_headers::correlation_id);
}

const std::string& message::message_id() const {
  return listed_or_generated(detail::named_headers::message_id);
}

const std::string& message::source_name() const noexcept {
  return source_name_ ? *source_name_ : no_text();
}

const std::string& message::channel() const noexcept {
  return channel_is_source_name_ ? source_name() : channel_;
}

const std::string& message::reply_to() const {
  return listed(detail::named_headers::reply_to, no_text());
}

const std::string& message::content_type() const {
  return listed(detail::named_headers::content_type, no_text());
}

std::optional<std::string_view> message::header(std::string_view name) const {
  if (auto n = named_header_of(name); n != detail::named_headers::count)
    return named(n);
  if (const auto* list = headers_.read_so_far()) {
    const auto* value = find_header(*list, name);
    return value ? std::optional<std::string_view>{*value} : std::nullopt;
  }
  auto in =
      frame_headers(payload_, frame_headers_at_, frame_lengths_in_characters_);
  std::string_view n;
  std::string_view value;
  while (in.next(n, value))
    if (n == name)
      return value;
  return std::nullopt;
}

std::optional<std::string_view>
message::path_param(std::string_view name) const {
  if (auto* v = find_header(path_, name))
    return std::string_view{*v};
  return std::nullopt;
}

} // namespace redactor
