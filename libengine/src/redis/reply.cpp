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
// allocated (and hiredis frees only those); a nested one is the element at
// its index in its parent's elements. Only the innermost unfinished array
// ever grows, so the pointers hiredis still holds stay valid. Nothing is
// sized by more than made_up_front beyond what arrived, and an exception
// never crosses hiredis' C frames: a failure is a null object, which
// hiredis reports as out of memory, so the connection fails instead of the
// process.
//
// A node may be a recycled one (recycle_reply) still holding the last
// reply's values: each fill sets every field, and an array keeps the
// elements it had up to its new length, so that their strings keep their
// capacity.

/// Upper bound on the elements an announced array length makes up front.
constexpr std::size_t made_up_front = 1024;

/// What a tree may hold to be kept for the next reply: a push's few
/// elements, none with a large string, so that one big message does not
/// stay behind in a thread's spare.
constexpr std::size_t kept_elements = 8;
constexpr std::size_t kept_text = 64 * 1024;

/// A top-level node take_reply() emptied or a reader gave back, for the
/// next reply parsed on this thread (readers live on the I/O loop thread).
thread_local std::unique_ptr<reply> spare_top;

template <class Fill>
void* build(const redisReadTask* task, Fill fill) {
  try {
    if (task->parent != nullptr) {
      auto& siblings = static_cast<reply*>(task->parent->obj)->elements;
      auto at = static_cast<std::size_t>(task->idx);
      auto& r = at < siblings.size() ? siblings[at] : siblings.emplace_back();
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

/// Sets the fields every kind has; elements are the caller's.
void reset(reply& r, reply::kind type) {
  r.type = type;
  r.integer = 0;
  r.str.clear();
}

/// Fills `r` as a value with no elements.
void fill_scalar(reply& r, reply::kind type) {
  reset(r, type);
  r.elements.clear();
}

void* create_string(const redisReadTask* task, char* str, std::size_t len) {
  return build(task, [&](reply& r) {
    fill_scalar(r, task->type == REDIS_REPLY_ERROR    ? reply::kind::error
                   : task->type == REDIS_REPLY_STATUS ? reply::kind::status
                                                      : reply::kind::string);
    r.str.assign(str, len);
  });
}

void* create_array(const redisReadTask* task, int elements) {
  return build(task, [&](reply& r) {
    reset(r, reply::kind::array);
    // Its elements are filled by index; past made_up_front they are appended.
    r.elements.resize(std::min(
        made_up_front, static_cast<std::size_t>(std::max(0, elements))));
  });
}

void* create_integer(const redisReadTask* task, long long value) {
  return build(task, [&](reply& r) {
    fill_scalar(r, reply::kind::integer);
    r.integer = value;
  });
}

void* create_nil(const redisReadTask* task) {
  return build(task, [](reply& r) { fill_scalar(r, reply::kind::nil); });
}

void free_object(void* obj) {
  delete static_cast<reply*>(obj);
}

bool worth_keeping(const reply& r) noexcept {
  if (r.str.capacity() > kept_text || r.elements.capacity() > kept_elements)
    return false;
  for (const auto& e : r.elements)
    if (e.str.capacity() > kept_text || e.elements.capacity() > 0)
      return false;
  return true;
}

const redisReplyObjectFunctions builder{
    create_string, create_array, create_integer, create_nil, free_object};

} // namespace

redisReader* make_reply_reader() {
  return redisReaderCreateWithFunctions(
      const_cast<redisReplyObjectFunctions*>(&builder));
}

reply take_reply(void* raw) {
  reply_node node{static_cast<reply*>(raw)};
  // Every field of reply, one by one (a field added there is added here).
  reply out;
  out.type = node->type;
  out.integer = node->integer;
  out.str = std::move(node->str);
  // A value that is not an array leaves the node its elements' memory.
  if (node->is_array())
    out.elements = std::move(node->elements);
  return out;
}

reply_node adopt_reply(void* raw) {
  return reply_node{static_cast<reply*>(raw)};
}

void recycle_reply::operator()(reply* r) const noexcept {
  if (spare_top || !worth_keeping(*r))
    delete r;
  else
    spare_top.reset(r);
}

} // namespace redactor::redis
