// SPDX-License-Identifier: MIT
#include "asyncapi/document.hpp"

#include <set>

#include <boost/json.hpp>

#include "detail/host_port.hpp"
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

/// A declared schema; one that is not a JSON object is shown as any JSON
/// rather than failing the whole document.
json::value schema_or_any(const std::string& text) {
  boost::system::error_code ec;
  auto schema = json::parse(text, ec);
  if (ec || !schema.is_object())
    return json::object{};
  return schema;
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

/// A message in a FastStream frame whose body has `schema` (JSON text;
/// empty: any JSON).
json::object message_of(const std::string& schema) {
  json::object m{
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

std::string receive_method(const subscriptions::subscription_spec& spec) {
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

/// "channel", "list" or "stream", for source_kind and destination::kind.
template <class Kind>
const char* kind_name(Kind kind) {
  if (kind == Kind::channel)
    return "channel";
  return kind == Kind::list ? "list" : "stream";
}

/// A name as an AsyncAPI address: `{...}` there declares a parameter, so a
/// key with a Cluster hash tag has no address; its binding names it.
json::value address_of(const std::string& name, bool has_params) {
  if (!has_params && name.find('{') != std::string::npos)
    return nullptr;
  return json::value(name);
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

  void add(const subscriptions::subscription_spec& spec) {
    auto& fn = spec.fn;
    auto& contract = fn.contract();
    json::object channel{
        {"address", address_of(spec.name, spec.params.has_value())},
        {"title", spec.label},
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
    auto id =
        add_channel(std::string{kind_name(spec.kind)} + "." + spec.name +
                        (spec.group.empty() ? std::string{} : "." + spec.group),
                    std::move(channel), message_of(contract.payload_schema));
    auto op = operation("receive", id);
    if (!contract.summary.empty())
      op["summary"] = contract.summary;
    if (fn.is_batch())
      op["description"] = "A batch handler: up to max_records at once.";
    // A batch handler's return value goes to publish_to only; no_reply
    // silences the reply unless the handler answers in its own protocol.
    bool replies = fn.answers() && !fn.is_batch() &&
                   (!spec.common.no_reply || !contract.reply_location.empty());
    if (replies) {
      // Replies go where each request says: no fixed address.
      auto reply_id =
          add_channel(id + ".reply",
                      json::object{{"address", nullptr},
                                   {"title", spec.label + ": replies"}},
                      message_of(contract.reply_schema));
      json::object address{
          {"location",
           "$message.header#/" + std::string{wire_headers::reply_to}},
          {"description", "Where the request's reply_to says: a channel "
                          "(PUBLISH, as FastStream does), or list://NAME "
                          "and stream://NAME."}};
      if (!contract.reply_location.empty())
        address = {{"location", contract.reply_location}};
      op["reply"] = {{"address", std::move(address)},
                     {"channel", reference_to("#/channels/" + reply_id)},
                     {"messages", message_refs(reply_id)}};
    }
    operations_["receive." + id] = std::move(op);
  }

  /// A publisher, once per destination.
  void add(const documented_publisher& p) {
    auto key = std::string{kind_name(p.to.type)} + "." + p.to.name;
    if (!published_.insert(key).second)
      return;
    auto m = message_of({});
    if (!p.content_type.empty())
      m["contentType"] = p.content_type;
    auto id = add_channel(
        key,
        json::object{
            {"address", address_of(p.to.name, false)},
            {"bindings",
             {{"redis", redis_binding(p.to.name, send_method(p.to))}}}},
        std::move(m));
    operations_["send." + id] = operation("send", id);
  }

  std::string text() {
    doc_["channels"] = std::move(channels_);
    doc_["operations"] = std::move(operations_);
    return json::serialize(doc_);
  }

 private:
  /// Adds `channel` with its one message under an id made from `name`;
  /// the id.
  std::string add_channel(const std::string& name, json::object channel,
                          json::object m) {
    auto id = unique_id(channels_, id_of(name));
    m["name"] = id + ".message";
    channel["messages"] = {{"message", std::move(m)}};
    channels_[id] = std::move(channel);
    return id;
  }

  static json::array message_refs(const std::string& channel_id) {
    return {reference_to("#/channels/" + channel_id + "/messages/message")};
  }

  static json::object operation(const char* action,
                                const std::string& channel_id) {
    return {{"action", action},
            {"channel", reference_to("#/channels/" + channel_id)},
            {"messages", message_refs(channel_id)}};
  }

  static json::object server(const connection_options& c) {
    auto host = detail::host_port(c.host, c.port);
    std::string about = c.display_url();
    if (c.sentinel.enabled()) {
      auto& first = c.sentinel.nodes.front();
      host = detail::host_port(first.host, first.port);
      about += " (host: the first Sentinel, which names the master)";
    } else if (c.cluster.enabled()) {
      auto& first = c.cluster.seeds.front();
      host = detail::host_port(first.host, first.port);
      about += " (host: the first seed node of the cluster)";
    } else if (!c.unix_path.empty()) {
      host = "localhost";
    }
    return {{"host", host},
            {"protocol", c.tls.enabled ? "rediss" : "redis"},
            {"description", about},
            {"x-redactor-version", version_string}};
  }

  json::object doc_;
  json::object channels_;
  json::object operations_;
  std::set<std::string> published_;
};

} // namespace

std::string document(const catalogue& entries, const broker_options& options) {
  builder b{options};
  auto subs = entries.subscriptions();
  for (auto& sub : subs)
    b.add(sub->spec());
  for (auto& p : entries.publishers())
    b.add(p);
  // What handlers' results go on to (FastStream's @publisher).
  for (auto& sub : subs)
    for (auto& to : sub->spec().common.publish_to)
      b.add({to, {}});
  return b.text();
}

} // namespace redactor::asyncapi
