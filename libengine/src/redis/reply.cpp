// SPDX-License-Identifier: MIT
#include "redis/reply.hpp"

#include <algorithm>
#include <memory>

#include <hiredis/hiredis.h>

namespace redactor::redis {

bool reply::is_error(std::string_view prefix) const noexcept {
  std::string_view text{str};
  return type == kind::error && text.substr(0, prefix.size()) == prefix &&
         (text.size() == prefix.size() || text[prefix.size()] == ' ');
}

namespace {

// hiredis calls these as it parses, in order. Only a top-level value is
// allocated (and hiredis frees only those); a nested one is appended to its
// parent's elements. Only the innermost unfinished array is ever appended
// to, so the pointers hiredis still holds stay valid. Nothing is sized by
// the length Redis announces, and an exception never crosses hiredis' C
// frames: a failure is a null object, which hiredis reports as out of
// memory, so the connection fails instead of the process.

/// Upper bound on what an announced array length reserves up front.
constexpr std::size_t reserve_cap = 1024;

/// A top-level node take_reply() emptied, for the next reply parsed on
/// this thread: one allocation less per reply (readers live on the I/O
/// loop thread).
thread_local std::unique_ptr<reply> spare_top;

template <class Fill>
void* build(const redisReadTask* task, Fill fill) {
  try {
    if (task->parent != nullptr) {
      auto& r = static_cast<reply*>(task->parent->obj)->elements.emplace_back();
      fill(r);
      return &r;
    }
    // Owned until filled: a throwing fill frees it.
    auto top = spare_top ? std::move(spare_top) : std::make_unique<reply>();
    fill(*top);
    return top.release();
  } catch (...) {
    return nullptr;
  }
}

void* create_string(const redisReadTask* task, char* str, std::size_t len) {
  return build(task, [&](reply& r) {
    r.type = task->type == REDIS_REPLY_ERROR    ? reply::kind::error
             : task->type == REDIS_REPLY_STATUS ? reply::kind::status
                                                : reply::kind::string;
    r.str.assign(str, len);
  });
}

void* create_array(const redisReadTask* task, int elements) {
  return build(task, [&](reply& r) {
    r.type = reply::kind::array;
    r.elements.reserve(
        std::min(reserve_cap, static_cast<std::size_t>(std::max(0, elements))));
  });
}

void* create_integer(const redisReadTask* task, long long value) {
  return build(task, [&](reply& r) {
    r.type = reply::kind::integer;
    r.integer = value;
  });
}

void* create_nil(const redisReadTask* task) {
  return build(task, [](reply&) {});
}

void free_object(void* obj) {
  delete static_cast<reply*>(obj);
}

const redisReplyObjectFunctions builder{
    create_string, create_array, create_integer, create_nil, free_object};

} // namespace

redisReader* make_reply_reader() {
  return redisReaderCreateWithFunctions(
      const_cast<redisReplyObjectFunctions*>(&builder));
}

reply take_reply(void* raw) {
  std::unique_ptr<reply> owned{static_cast<reply*>(raw)};
  reply out = std::move(*owned);
  if (!spare_top) {
    // Emptied, as a fresh node would be.
    *owned = reply{};
    spare_top = std::move(owned);
  }
  return out;
}

} // namespace redactor::redis
