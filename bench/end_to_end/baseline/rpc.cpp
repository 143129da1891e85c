// SPDX-License-Identifier: MIT
// The baseline's RPC client and servers.
#include <cinttypes>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include <unistd.h>

#include "baseline/baseline_side.hpp"
#include "baseline/commands.hpp"
#include "baseline/json_envelope.hpp"
#include "baseline/raw_connection.hpp"

namespace redactor::bench::baseline {
namespace {

using clock = run_window::clock;

/// Poll timeout of the server loops: how soon they notice a stop.
constexpr int server_poll_ms = 50;

/// Answers one request: PUBLISH <reply_to> <reply>, queued on `out`.
class responder {
 public:
  explicit responder(raw_connection& out) : out_(out) {}

  void answer(std::string_view request) {
    write_reply(reply_, field_of(request, "correlation_id"), message_body());
    out_.append({"PUBLISH", field_of(request, "reply_to"), reply_});
  }

 private:
  raw_connection& out_;
  std::string reply_;
};

void serve_channel(const std::string& url, const std::string& key,
                   peer_control& control) {
  raw_connection in{url};
  raw_connection out{url};
  responder respond{out};
  subscribe(in, key);
  control.ready();
  while (!control.stop_requested()) {
    pump({&in, &out}, server_poll_ms);
    while (out.next_reply()) {
    }
    while (auto r = in.next_reply())
      if (is_message(r.get()))
        respond.answer(text_of(r->element[2]));
  }
}

void serve_list(const std::string& url, const std::string& key,
                peer_control& control) {
  raw_connection c{url};
  responder respond{c};
  auto read = [&] { append_list_read(c, key, "100"); };
  control.ready();
  read();
  while (!control.stop_requested()) {
    pump({&c}, server_poll_ms);
    while (auto r = c.next_reply()) {
      if (r->type == REDIS_REPLY_INTEGER) // a reply's PUBLISH
        continue;
      if (r->type == REDIS_REPLY_ARRAY)
        for (std::size_t i = 0; i < r->element[1]->elements; ++i)
          respond.answer(text_of(r->element[1]->element[i]));
      read();
    }
  }
}

void serve_stream(const std::string& url, const std::string& key,
                  peer_control& control) {
  run_command(url, {"XGROUP", "CREATE", key, group_name, "$", "MKSTREAM"});
  raw_connection c{url};
  responder respond{c};
  auto read = [&] { append_group_read(c, key, "100"); };
  std::vector<std::string_view> ack;
  control.ready();
  read();
  while (!control.stop_requested()) {
    pump({&c}, server_poll_ms);
    while (auto r = c.next_reply()) {
      if (r->type == REDIS_REPLY_INTEGER) // PUBLISH or XACK
        continue;
      if (r->type == REDIS_REPLY_ARRAY) {
        auto* entries = r->element[0]->element[1];
        for (std::size_t i = 0; i < entries->elements; ++i)
          respond.answer(text_of(entries->element[i]->element[1]->element[1]));
        append_ack(c, key, entries, ack);
      }
      read();
    }
  }
}

} // namespace

void baseline_side::serve_rpc(const std::string& url, transport t,
                              const std::string& key, peer_control& control) {
  switch (t) {
  case transport::channel:
    return serve_channel(url, key, control);
  case transport::list:
    return serve_list(url, key, control);
  case transport::stream:
    return serve_stream(url, key, control);
  }
}

rpc_outcome
baseline_side::call_rpc(const std::string& url, transport t,
                        const std::string& key, std::size_t outstanding,
                        std::size_t waiting,
                        const std::function<run_window()>& open_window) {
  raw_connection requests{url};
  raw_connection replies{url};
  auto inbox = "bench:inbox:" + std::to_string(::getpid());
  subscribe(replies, inbox);

  rpc_outcome out;
  std::unordered_map<std::string, clock::time_point> pending;
  std::uint64_t sent = 0;
  std::string request;
  auto send_to = [&](transport over, const std::string& where) {
    char cid[40];
    std::snprintf(cid, sizeof cid, "00000000-0000-4000-8000-%012" PRIx64,
                  sent++);
    write_request(request, cid, inbox, message_body());
    append_send(requests, over, where, request);
    pending.emplace(cid, clock::now());
  };
  auto send = [&] { send_to(t, key); };

  // The waiting requests stay in the table the replies are matched in.
  for (std::size_t i = 0; i < waiting; ++i)
    send_to(transport::list, waiting_key(key));
  for (std::size_t pushed = 0; pushed < waiting;) {
    pump({&requests}, 100);
    while (requests.next_reply())
      ++pushed;
  }
  auto window = open_window();
  for (std::size_t i = 0; i < outstanding; ++i)
    send();
  auto give_up = window.end + std::chrono::seconds(10);
  while (pending.size() > waiting && clock::now() < give_up) {
    pump({&requests, &replies}, 100);
    while (auto r = requests.next_reply())
      if (r->type == REDIS_REPLY_ERROR)
        ++out.failed;
    while (auto r = replies.next_reply()) {
      if (!is_message(r.get()))
        continue;
      auto cid = field_of(text_of(r->element[2]), "correlation_id");
      auto i = pending.find(std::string{cid});
      if (i == pending.end())
        continue;
      auto now = clock::now();
      if (window.contains(i->second, now))
        out.latencies.add(now - i->second);
      pending.erase(i);
      if (now < window.end)
        send();
    }
  }
  out.failed += pending.size() - waiting;
  return out;
}

} // namespace redactor::bench::baseline
