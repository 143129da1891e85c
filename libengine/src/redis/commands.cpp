// SPDX-License-Identifier: MIT
#include "redis/commands.hpp"

namespace redactor::redis::commands {

std::vector<std::string> append(const destination& to, frame_list frames) {
  std::vector<std::string> args;
  args.reserve(frames.size() + 7);
  // Element by element: assigning an initializer list would copy the
  // destination's name twice.
  switch (to.type) {
  case destination::kind::channel:
    args.emplace_back(to.sharded ? "SPUBLISH" : "PUBLISH");
    break;
  case destination::kind::list:
    args.emplace_back("RPUSH");
    break;
  case destination::kind::stream:
    args.emplace_back("XADD");
    break;
  }
  args.push_back(to.name);
  if (to.type == destination::kind::stream) {
    if (to.maxlen > 0) {
      args.emplace_back("MAXLEN");
      args.emplace_back(to.exact_trim ? "=" : "~");
      args.push_back(std::to_string(to.maxlen));
    }
    args.emplace_back("*");
    args.emplace_back(stream_data_field);
  }
  for (auto& f : frames)
    args.push_back(std::move(f));
  return args;
}

std::vector<std::string> acknowledge(const std::string& stream,
                                     const std::string& group,
                                     std::vector<std::string> ids) {
  std::vector<std::string> args{"XACK", stream, group};
  for (auto& id : ids)
    args.push_back(std::move(id));
  return args;
}

std::vector<std::string> give_back(const std::string& list, list_end end,
                                   inbound_batch items) {
  std::vector<std::string> args{end == list_end::left ? "LPUSH" : "RPUSH",
                                list};
  for (auto i = items.rbegin(); i != items.rend(); ++i)
    args.push_back(std::move(i->payload));
  return args;
}

std::vector<std::string> group_info(const std::string& stream) {
  return {"XINFO", "GROUPS", stream};
}

std::vector<std::string> wait_replicas(long long replicas,
                                       std::chrono::milliseconds timeout) {
  return {"WAIT", std::to_string(replicas), std::to_string(timeout.count())};
}

} // namespace redactor::redis::commands
