// SPDX-License-Identifier: MIT
#include "redis/reply.hpp"

#include <memory>

#include <hiredis/hiredis.h>

namespace redactor::redis {

bool reply::is_error(std::string_view prefix) const noexcept {
  std::string_view text{str};
  return type == kind::error && text.substr(0, prefix.size()) == prefix &&
         (text.size() == prefix.size() || text[prefix.size()] == ' ');
}

namespace {

// hiredis calls these as it parses. A nested value is built in place, in
// its parent's elements (sized by createArray, so never moved); only a
// top-level value is allocated, and hiredis frees only those.

reply* slot_for(const redisReadTask* task) {
  if (task->parent == nullptr)
    return new reply;
  return &static_cast<reply*>(task->parent->obj)->elements[task->idx];
}

void* create_string(const redisReadTask* task, char* str, std::size_t len) {
  auto* r = slot_for(task);
  r->type = task->type == REDIS_REPLY_ERROR    ? reply::kind::error
            : task->type == REDIS_REPLY_STATUS ? reply::kind::status
                                               : reply::kind::string;
  r->str.assign(str, len);
  return r;
}

void* create_array(const redisReadTask* task, int elements) {
  auto* r = slot_for(task);
  r->type = reply::kind::array;
  r->elements.resize(elements > 0 ? static_cast<std::size_t>(elements) : 0);
  return r;
}

void* create_integer(const redisReadTask* task, long long value) {
  auto* r = slot_for(task);
  r->type = reply::kind::integer;
  r->integer = value;
  return r;
}

void* create_nil(const redisReadTask* task) {
  return slot_for(task);
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
  return std::move(*owned);
}

} // namespace redactor::redis
