// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "processing/outbox.hpp"
#include "testing/memory_store.hpp"
#include "testing/memory_subscription.hpp"

namespace redactor::testing {

/// The test broker's stand-in for Redis: publishes land here as encoded
/// frames, and are routed in-process as Redis would route them. A channel
/// message goes to every matching subscription (exact name or glob), a
/// list item to one list subscription (in turn), a stream entry to every
/// reader without a group and to one consumer of each group (in turn).
///
/// Nothing runs on its own: publishing queues deliveries, and run_one()
/// takes them in order on the calling thread. Thread-safe; its lock is
/// never held while a handler runs, so handlers may publish.
class memory_router final : public processing::outbox {
 public:
  /// Gets each frame published to a reply channel ("<inbox>.<n>").
  using reply_sink = std::function<void(redis::inbound reply)>;

  /// `options.log` must be the engine's escaping sink.
  memory_router(std::string inbox, const broker_options& options,
                reply_sink on_reply);

  /// Takes `sub` in subscription order; it starts now if running.
  void add(std::shared_ptr<memory_subscription> sub);

  /// Starts every subscription (groups created, backlogs queued).
  void start();
  /// Stops them all and drops what is queued; lists and streams stay.
  void stop();
  /// stop(), and lets go of the subscriptions for good.
  void close();
  bool running() const;

  /// Whether an active subscription reads `to`.
  bool has_reader(const destination& to) const;

  /// Runs the next queued delivery; false when nothing is left. Adds the
  /// messages handed to handlers to `delivered`.
  bool run_one(std::size_t& delivered);

  /// Queues the reading of the lists that got nacked items back since the
  /// last call: a run delivers a nacked item again only in the next run,
  /// so a handler that always nacks cannot keep one run going forever.
  void release_requeued();

  /// Every frame published to `to` so far (stream entries with their ids,
  /// channel messages with the channel).
  redis::inbound_batch published(const destination& to) const;

  std::size_t pending(const std::string& stream,
                      const std::string& group) const;

  /// Sends `payload` unencoded, as another producer would have written it.
  void inject(const destination& to, std::string payload,
              publish_callback callback);

 protected:
  /// Durable publishes count as confirmed by min_replicas replicas: the
  /// test broker has none, and the code under test should go on.
  void send(const destination& to, frame_list frames,
            const publish_options& options,
            processing::publish_completion done) override;

 private:
  struct task {
    enum class kind { deliver, reply, list, stream };
    kind what = kind::deliver;
    /// deliver: to this subscription.
    std::shared_ptr<memory_subscription> sub;
    /// deliver, reply: the frame; list, stream: item.payload is the key.
    redis::inbound item;
  };
  /// One stream read: whom it goes to and what.
  using stream_read =
      std::pair<std::shared_ptr<memory_subscription>, redis::inbound_batch>;

  void start_locked(const std::shared_ptr<memory_subscription>& sub);
  /// XACKs the group entries of `chunk` its handler settled so.
  void acknowledge(const memory_subscription& sub,
                   processing::work_chunk& chunk);
  /// The next active subscription reading list or group `key`, in turn.
  std::shared_ptr<memory_subscription>
  next_in_turn(const std::string& key,
               const std::function<bool(const memory_subscription&)>& reads);
  std::size_t deliver_list(const std::string& list);
  std::size_t deliver_stream(const std::string& stream);
  /// One read for every reader and group of `stream`; whether more is left.
  bool read_stream(const std::string& stream, std::vector<stream_read>& out);
  void queue(task::kind what, const std::string& key);

  std::string inbox_;
  reply_sink on_reply_;
  mutable std::mutex mtx_;
  bool running_ = false;
  std::vector<std::shared_ptr<memory_subscription>> subs_;
  std::deque<task> tasks_;
  /// Lists whose head holds nacked items, read again at the next run.
  std::set<std::string> requeued_;
  memory_store store_;
  std::map<std::string, std::size_t> turns_;
  std::map<std::pair<destination::kind, std::string>, redis::inbound_batch>
      published_;
};

} // namespace redactor::testing
