// SPDX-License-Identifier: MIT
#include "asyncapi/document.hpp"

#include <boost/json.hpp>

#include "redactor/codec/wire_headers.hpp"
#include "redactor/version.hpp"

namespace redactor::asyncapi {
namespace {

namespace json = boost::json;

/// Ids become JSON pointer segments in $refs: only characters that need
/// no escaping there.
std::string id_of(const std::string& text) {
  std::string id;
  for (char c : text) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    id += plain ? c : '_';
  }
  return id;
}

/// `id`, or `id_2`, `id_3`, ... when taken.
std::string unique_id(const json::object& taken, const std::string& id) {
  auto candidate = id;
  for (int n = 2; taken.contains(candidate); ++n)
    candidate = id + "_" + std::to_string(n);
  return candidate;
}

json::object reference_to(const std::string& pointer) {
  return {{"$ref", pointer}};
}

json::value schema_or_any(const std::string& text) {
  if (text.empty())
    return json::object{};
  return json::parse(text);
}

/// A FastStream frame's headers, as Redactor reads and writes them.
json::object frame_headers() {
  json::object string{{"type", "string"}};
  return {{"type", "object"},
          {"properties",
           {{std::string{wire_headers::correlation_id}, string},
            {std::string{wire_headers::reply_to}, string},
            {std::string{wire_headers::content_type}, string}}}};
}

json::object message(const std::string& name, const std::string& schema) {
  json::object m{
      {"name", name},
      {"headers", frame_headers()},
      {"payload", schema_or_any(schema)},
      {"correlationId",
       {{"location",
         "$message.header#/" + std::string{wire_headers::correlation_id}}}}};
  if (!schema.empty())
    m["contentType"] = "application/json";
  return m;
}

json::object redis_binding(const std::string& name, const std::string& method,
                           const std::string& group = {},
                           const std::string& consumer = {}) {
  json::object b{{"channel", name}, {"method", method}};
  if (!group.empty())
    b["groupName"] = group;
  if (!consumer.empty())
    b["consumerName"] = consumer;
  b["bindingVersion"] = "custom";
  return b;
}

std::string receive_method(const subscription_spec& spec) {
  switch (spec.kind) {
  case source_kind::channel:
    return spec.sharded ? "ssubscribe"
                        : (spec.pattern ? "psubscribe" : "subscribe");
  case source_kind::list:
    return spec.pop_from == list_end::left ? "lpop" : "rpop";
  case source_kind::stream:
    break;
  }
  return spec.group.empty() ? "xread" : "xreadgroup";
}

std::string send_method(const destination& to) {
  switch (to.type) {
  case destination::kind::channel:
    return to.sharded ? "spublish" : "publish";
  case destination::kind::list:
    return "rpush";
  case destination::kind::stream:
    break;
  }
  return "xadd";
}

const char* kind_name(source_kind kind) {
  switch (kind) {
  case source_kind::channel:
    return "channel";
  case source_kind::list:
    return "list";
  case source_kind::stream:
    break;
  }
  return "stream";
}

const char* kind_name(destination::kind kind) {
  switch (kind) {
  case destination::kind::channel:
    return "channel";
  case destination::kind::list:
    return "list";
  case destination::kind::stream:
    break;
  }
  return "stream";
}

class builder {
 public:
  explicit builder(const broker_options& options) {
    auto& info = options.asyncapi;
    json::object about{{"title", info.title}, {"version", info.version}};
    if (!info.description.empty())
      about["description"] = info.description;
    doc_ = {{"asyncapi", "3.0.0"}, {"info", std::move(about)}};
    doc_["servers"] = {{"redis", server(options.connection)}};
  }

  void add(const subscription_spec& spec) {
    auto id = unique_id(
        channels_,
        id_of(std::string{kind_name(spec.kind)} + "." + spec.name +
              (spec.group.empty() ? std::string{} : "." + spec.group)));
    auto& fn = spec.fn;
    auto& contract = fn.contract();
    json::object channel{
        {"address", spec.name},
        {"title", spec.label},
        {"messages",
         {{"message", message(id + ".message", contract.payload_schema)}}},
        {"bindings",
         {{"redis", redis_binding(spec.channel_glob(), receive_method(spec),
                                  spec.group, spec.consumer)}}}};
    if (spec.params) {
      json::object params;
      for (auto& name : spec.params->names())
        params[name] = {{"description", "A segment of the channel name, "
                                        "given to the handler by name."}};
      channel["parameters"] = std::move(params);
    }
    channels_[id] = std::move(channel);
    json::object op{
        {"action", "receive"},
        {"channel", reference_to("#/channels/" + id)},
        {"messages",
         json::array{reference_to("#/channels/" + id + "/messages/message")}}};
    if (!contract.summary.empty())
      op["summary"] = contract.summary;
    if (fn.is_batch())
      op["description"] = "A batch handler: up to max_records at once.";
    if (fn.answers()) {
      // Replies go where each request says, so their channel has no
      // fixed address.
      auto reply_id = unique_id(channels_, id + ".reply");
      channels_[reply_id] =
          json::object{{"address", nullptr},
                       {"title", spec.label + ": replies"},
                       {"messages",
                        {{"message", message(reply_id + ".message",
                                             contract.reply_schema)}}}};
      json::object address{
          {"location",
           "$message.header#/" + std::string{wire_headers::reply_to}},
          {"description", "The channel the request's reply_to names; "
                          "PUBLISHed to, as FastStream does."}};
      if (!contract.reply_location.empty())
        address = {{"location", contract.reply_location}};
      op["reply"] = {
          {"address", std::move(address)},
          {"channel", reference_to("#/channels/" + reply_id)},
          {"messages", json::array{reference_to("#/channels/" + reply_id +
                                                "/messages/message")}}};
    }
    operations_["receive." + id] = std::move(op);
  }

  void add(const documented_publisher& p) {
    auto id = unique_id(
        channels_, id_of(std::string{kind_name(p.to.type)} + "." + p.to.name));
    auto m = message(id + ".message", {});
    if (!p.content_type.empty())
      m["contentType"] = p.content_type;
    channels_[id] = json::object{
        {"address", p.to.name},
        {"messages", {{"message", std::move(m)}}},
        {"bindings", {{"redis", redis_binding(p.to.name, send_method(p.to))}}}};
    operations_["send." + id] = json::object{
        {"action", "send"},
        {"channel", reference_to("#/channels/" + id)},
        {"messages",
         json::array{reference_to("#/channels/" + id + "/messages/message")}}};
  }

  std::string text() {
    doc_["channels"] = std::move(channels_);
    doc_["operations"] = std::move(operations_);
    return json::serialize(doc_);
  }

 private:
  static json::object server(const connection_options& c) {
    std::string host = c.host + ":" + std::to_string(c.port);
    if (c.sentinel.enabled())
      host = c.sentinel.nodes.front().host + ":" +
             std::to_string(c.sentinel.nodes.front().port);
    else if (c.cluster.enabled())
      host = c.cluster.seeds.front().host + ":" +
             std::to_string(c.cluster.seeds.front().port);
    else if (!c.unix_path.empty())
      host = "localhost";
    return {{"host", host},
            {"protocol", c.tls.enabled ? "rediss" : "redis"},
            {"description", c.display_url()},
            {"x-redactor-version", version_string}};
  }

  json::object doc_;
  json::object channels_;
  json::object operations_;
};

} // namespace

std::string document(const catalogue& entries, const broker_options& options) {
  builder b{options};
  for (auto& sub : entries.subscriptions())
    b.add(sub->spec());
  for (auto& p : entries.publishers())
    b.add(p);
  return b.text();
}

} // namespace redactor::asyncapi
