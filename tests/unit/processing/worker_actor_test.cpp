// SPDX-License-Identifier: MIT
// The worker actor alone, on CAF's deterministic test scheduler: chunks run
// in order, inline or on the handler pool one at a time, and each is
// reported done once settled, which for an answer given later is later.
#include "processing/worker_actor.hpp"

#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include <caf/send.hpp>
#include <gtest/gtest.h>

#include "metrics/engine_metrics.hpp"
#include "processing/outbox.hpp"
#include "redactor/codec/binary_format.hpp"
#include "support/deterministic_system.hpp"

using namespace redactor;
using namespace std::chrono_literals;

namespace {

/// Confirms every publish at once and keeps where each went.
struct recording_outbox final : processing::outbox {
  explicit recording_outbox(const broker_options& o) : outbox(o) {}
  std::vector<std::string> sent_to;
  void send(const destination& to, frame_list, const publish_options&,
            processing::publish_completion done) override {
    sent_to.push_back(to.name);
    done(publish_result{});
  }
};

/// A request on `reply_to`, as FastStream frames it.
std::string request_frame(std::string body, std::string reply_to) {
  return *binary_format_v1::encode(
      {{"correlation_id", "c-" + body}, {"reply_to", std::move(reply_to)}},
      body);
}

/// The subscription actor's side: the chunks reported done, in order.
processing::chunk_done_receiver::behavior_type
done_recorder(processing::chunk_done_receiver::pointer,
              std::vector<processing::work_chunk_ptr>* done) {
  return {[=](execution::done_atom, processing::work_chunk_ptr& chunk) {
    done->push_back(std::move(chunk));
  }};
}

struct worker_actor_test : ::testing::Test, test::deterministic_system {
  broker_options options;
  metrics::engine_metrics metrics{options.metrics};
  std::shared_ptr<recording_outbox> out =
      std::make_shared<recording_outbox>(options);
  std::shared_ptr<subscriptions::subscription_spec> spec =
      std::make_shared<subscriptions::subscription_spec>();
  std::shared_ptr<std::atomic<bool>> stopping =
      std::make_shared<std::atomic<bool>>(false);
  std::vector<processing::work_chunk_ptr> done;
  /// Written by the handler, on whichever thread runs it.
  std::vector<std::string> handled;
  std::vector<std::thread::id> handled_on;
  /// The answers a deferring handler has not given yet.
  std::vector<responder> deferred;
  processing::worker_actor_handle worker;

  ~worker_actor_test() override {
    if (worker)
      caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
    sched.run();
  }

  void start(handler fn, execution::handler_pool* pool) {
    spec->kind = source_kind::list;
    spec->name = "jobs";
    spec->label = "list jobs";
    spec->fn = std::move(fn);
    auto processor = std::make_shared<processing::message_processor>(
        spec, out, metrics, log_sink{});
    auto parent = sys.spawn(done_recorder, &done);
    worker =
        sys.spawn(processing::worker_actor, parent, processor,
                  std::shared_ptr<const std::atomic<bool>>{stopping}, pool);
    sched.run();
  }

  handler recording() {
    return handler{[this](const message& m) {
      handled.emplace_back(m.body());
      handled_on.push_back(std::this_thread::get_id());
    }};
  }

  processing::work_chunk_ptr send_chunk(std::vector<std::string> payloads) {
    auto chunk = std::make_shared<processing::work_chunk>();
    for (auto& p : payloads)
      chunk->items.push_back({p, {}, {}});
    caf::anon_send(worker, execution::work_atom::value, chunk);
    return chunk;
  }
};

/// Holds each handler run on the pool until the test lets it go on, so that
/// no pool thread sends to an actor while the test thread runs the
/// scheduler (CAF's test scheduler is not thread-safe). One not let go on
/// within 30 s fails the test and goes on, so that a worker that hands the
/// pool too much fails instead of hanging.
class turnstile {
 public:
  void pass() {
    std::unique_lock<std::mutex> lock{mtx_};
    if (turned_.wait_for(lock, 30s, [this] { return allowed_ > 0; }))
      --allowed_;
    else
      ADD_FAILURE() << "a handler ran on the pool without being let through";
  }
  void allow_one() {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      ++allowed_;
    }
    turned_.notify_all();
  }

 private:
  std::mutex mtx_;
  std::condition_variable turned_;
  int allowed_ = 0;
};

/// Returns once every task given to the one-thread `pool` so far has run,
/// messages it sent included: its tasks run in order (a handler waiting in
/// the turnstile is not blocked_scope, so the pool adds no thread).
void wait_until_idle(execution::handler_pool& pool) {
  std::promise<void> idle;
  pool.run([&idle] { idle.set_value(); });
  idle.get_future().wait();
}

} // namespace

TEST_F(worker_actor_test, inline_chunks_run_on_the_actors_thread_in_order) {
  start(recording(), nullptr);
  auto first = send_chunk({"a", "b"});
  auto second = send_chunk({"c"});
  sched.run();
  EXPECT_EQ(handled, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(done, (std::vector<processing::work_chunk_ptr>{first, second}));
  EXPECT_EQ(first->started.load(), 2u);
}

TEST_F(worker_actor_test, on_the_pool_one_chunk_runs_at_a_time) {
  turnstile gate; // outlives the pool, whose threads may wait in it
  execution::handler_pool pool{1};
  start(handler{[this, &gate](const message& m) {
          handled.emplace_back(m.body());
          handled_on.push_back(std::this_thread::get_id());
          gate.pass();
        }},
        &pool);
  auto first = send_chunk({"a"});
  auto second = send_chunk({"b"});
  sched.run();
  gate.allow_one();
  // Had both gone to the pool, the second would be waiting in the
  // turnstile now: it waits for the first's ran_atom instead.
  wait_until_idle(pool);
  EXPECT_EQ(handled, (std::vector<std::string>{"a"}));
  sched.run();
  EXPECT_EQ(done, (std::vector<processing::work_chunk_ptr>{first}));
  gate.allow_one();
  wait_until_idle(pool);
  sched.run();
  EXPECT_EQ(handled, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(done, (std::vector<processing::work_chunk_ptr>{first, second}));
  for (auto id : handled_on)
    EXPECT_NE(id, std::this_thread::get_id()) << "a pool thread ran it";
  // The worker goes before the pool it points to.
  caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
  sched.run();
  worker = nullptr;
}

TEST_F(worker_actor_test, a_chunk_answered_later_is_done_once_answered) {
  start(handler{[this](const message& m, responder r) {
          handled.emplace_back(m.body());
          deferred.push_back(std::move(r));
        }},
        nullptr);
  auto chunk = send_chunk(
      {request_frame("a", "inbox.1"), request_frame("b", "inbox.2")});
  sched.run();
  ASSERT_EQ(deferred.size(), 2u);
  EXPECT_TRUE(done.empty()) << "two answers outstanding";
  deferred[1].respond(response{"second"});
  sched.run();
  EXPECT_TRUE(done.empty()) << "one answer outstanding";
  deferred[0].respond(response{"first"});
  sched.run();
  EXPECT_EQ(done, (std::vector<processing::work_chunk_ptr>{chunk}));
  EXPECT_EQ(out->sent_to, (std::vector<std::string>{"inbox.2", "inbox.1"}));
}

TEST_F(worker_actor_test, once_stopping_no_item_starts) {
  start(recording(), nullptr);
  stopping->store(true);
  auto chunk = send_chunk({"a", "b"});
  sched.run();
  EXPECT_TRUE(handled.empty());
  EXPECT_EQ(chunk->started.load(), 0u) << "the subscription gives them back";
  EXPECT_EQ(done, (std::vector<processing::work_chunk_ptr>{chunk}));
}
