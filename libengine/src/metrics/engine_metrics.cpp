// SPDX-License-Identifier: MIT
#include "metrics/engine_metrics.hpp"

#include "metrics/destination_meter.hpp"
#include "metrics/process_metrics.hpp"
#include "redactor/version.hpp"

namespace redactor::metrics {
namespace {

registry::constant_labels constant_labels(const metrics_options& options) {
  return {{"app_name",
           options.app_name.empty() ? options.prefix : options.app_name},
          {"broker", "redis"}};
}

} // namespace

engine_metrics::engine_metrics(const metrics_options& options)
    : registry_(options.prefix, constant_labels(options)),
      received(registry_.add_counter("received_messages_total",
                                     "Messages received, batch items each",
                                     {"handler"})),
      received_size(registry_.add_histogram(
          "received_messages_size_bytes",
          "Body sizes of received messages (one per read batch)", {"handler"},
          size_buckets())),
      in_process(registry_.add_gauge("received_messages_in_process",
                                     "Messages whose handler is running",
                                     {"handler"})),
      processed(registry_.add_counter("received_processed_messages_total",
                                      "Messages processed, by outcome "
                                      "(acked|nacked|rejected|skipped|error)",
                                      {"handler", "status"})),
      processed_duration(registry_.add_histogram(
          "received_processed_messages_duration_seconds", "Time handlers took",
          {"handler"}, duration_buckets())),
      processed_exceptions(registry_.add_counter(
          "received_processed_messages_exceptions_total",
          "Exceptions handlers threw, by type", {"handler", "exception_type"})),
      published(registry_.add_counter("published_messages_total",
                                      "Messages published (a request counts "
                                      "one; replies do not count)",
                                      {"destination", "status"})),
      published_duration(
          registry_.add_histogram("published_messages_duration_seconds",
                                  "Time until Redis acknowledged a publish",
                                  {"destination"}, duration_buckets())),
      published_exceptions(registry_.add_counter(
          "published_messages_exceptions_total", "Failed publishes, by error",
          {"destination", "exception_type"})),
      rpc_duration(registry_.add_histogram(
          "rpc_duration_seconds", "Request to reply round trips",
          {"destination"}, duration_buckets())),
      rpc_pending(registry_.add_gauge(
          "rpc_pending_requests", "Requests waiting for their replies", {})),
      rpc_replies(registry_.add_mirrored_counter(
          "rpc_replies_total", "Replies matched to a pending request", {})),
      rpc_timeouts(registry_.add_mirrored_counter(
          "rpc_timeouts_total", "Requests that got no reply in time", {})),
      rpc_late_replies(registry_.add_mirrored_counter(
          "rpc_late_replies_total",
          "Replies dropped: their request had timed out, or was unknown", {})),
      rpc_refused(registry_.add_mirrored_counter(
          "rpc_refused_total",
          "Requests refused because max_pending_requests were waiting", {})),
      deadline_dropped(registry_.add_mirrored_counter(
          "deadline_dropped_total",
          "Requests dropped unhandled because their deadline had passed",
          {"handler"})),
      refused_replies(registry_.add_mirrored_counter(
          "refused_replies_total",
          "Requests dropped unhandled because their reply_to named a key "
          "outside reply_key_prefixes",
          {"handler"})),
      dead_lettered(registry_.add_mirrored_counter(
          "dead_lettered_total",
          "Stream entries moved to the dead-letter stream", {"handler"})),
      undecodable(registry_.add_mirrored_counter(
          "undecodable_messages_total",
          "Payloads with FastStream's magic but a broken frame", {"handler"})),
      oversized(registry_.add_mirrored_counter(
          "oversized_messages_total",
          "Payloads refused unread, larger than max_message_bytes",
          {"handler"})),
      mailbox_depth(registry_.add_gauge(
          "subscription_mailbox_depth",
          "Messages read and handed to the subscription, not yet handled",
          {"handler"})),
      subscription_up(registry_.add_gauge(
          "subscription_up",
          "1 while the subscription is connected and reading", {"handler"})),
      stream_pending(registry_.add_gauge(
          "stream_pending_entries",
          "Entries delivered to the group and not acknowledged (XINFO GROUPS)",
          {"stream", "group"})),
      stream_lag(registry_.add_gauge(
          "stream_lag", "Entries not yet delivered to the group (XINFO GROUPS)",
          {"stream", "group"})),
      connection_up(registry_.add_gauge(
          "connection_up",
          "1 while the Redis connection is ready; role: of the server it "
          "is on (master, replica, unknown when ROLE was refused)",
          {"connection", "role"})),
      connection_reconnects(registry_.add_mirrored_counter(
          "connection_reconnects_total",
          "Times the Redis connection was ready again after a loss",
          {"connection", "role"})),
      connection_refused(registry_.add_mirrored_counter(
          "connection_refused_commands_total",
          "Reads and subscriptions Redis answered with an error (NOPERM, "
          "WRONGTYPE, OOM)",
          {"connection"})),
      publish_retries(registry_.add_mirrored_counter(
          "publish_retries_total",
          "Commands (publishes, acknowledgements) sent again after the "
          "command connection came back",
          {})),
      failovers(registry_.add_mirrored_counter(
          "failovers_total",
          "Times the master moved (Sentinel announced a new one, the old one "
          "turned out to be a replica, or a cluster replica took over)",
          {})),
      cluster_redirects(registry_.add_mirrored_counter(
          "cluster_redirects_total",
          "Redis Cluster MOVED and ASK answers taken (resharding, failover)",
          {"kind"})),
      cluster_topology_reads(registry_.add_mirrored_counter(
          "cluster_slot_map_reads_total",
          "Times the Redis Cluster slot map was read", {})) {
  registry_
      .add_gauge("build_info", "Always 1; version: the Redactor library's",
                 {"version"})
      .with({version_string})
      .set(1);
  add_process_metrics(registry_);
}

std::shared_ptr<destination_meter>
engine_metrics::destination(const std::string& name) {
  std::lock_guard<std::mutex> guard{destinations_mtx_};
  auto& slot = destinations_[name];
  if (!slot)
    slot = std::make_shared<destination_meter>(*this, name);
  return slot;
}

} // namespace redactor::metrics
