// SPDX-License-Identifier: MIT
#include "processing/message_access.hpp"

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "redactor/codec/binary_format.hpp"

using namespace redactor;
using redactor::subscriptions::path_pattern;

namespace {

message from_list(std::string payload) {
  return processing::decode_message(
      {std::move(payload), {}, {}},
      processing::message_source::named(source_kind::list, "jobs"));
}

message from_frame(const header_list& headers) {
  return from_list(binary_format_v1::encode(headers, "body").value());
}

TEST(message_access, fills_every_field_from_a_frame) {
  auto frame = binary_format_v1::encode({{"correlation_id", "c1"},
                                         {"content-type", "application/json"},
                                         {"reply_to", "inbox"},
                                         {"message_id", "m1"},
                                         {"x", "y"}},
                                        "body");
  path_pattern params{"orders.{id}"};
  auto m = processing::decode_message(
      {*frame, "", "orders.9"},
      {source_kind::channel, std::make_shared<const std::string>("orders.{id}"),
       &params});
  EXPECT_EQ(m.body(), "body");
  EXPECT_EQ(m.format(), payload_format::binary_v1);
  EXPECT_EQ(m.correlation_id(), "c1");
  EXPECT_EQ(m.content_type(), "application/json");
  EXPECT_EQ(m.reply_to(), "inbox");
  EXPECT_EQ(m.message_id(), "m1");
  EXPECT_EQ(m.header("x"), "y");
  EXPECT_EQ(m.source(), source_kind::channel);
  EXPECT_EQ(m.source_name(), "orders.{id}");
  EXPECT_EQ(m.channel(), "orders.9");
  EXPECT_EQ(m.path_param("id"), "9");
  EXPECT_EQ(m.text(), "body");
}

TEST(message_access, a_frame_without_message_id_gets_a_generated_one) {
  // FastStream's frames carry no message_id.
  auto m = from_frame({{"correlation_id", "c1"}});
  EXPECT_EQ(m.correlation_id(), "c1");
  EXPECT_EQ(m.message_id().size(), 36u);
  EXPECT_NE(m.message_id(),
            from_frame({{"correlation_id", "c1"}}).message_id());
  EXPECT_EQ(m.reply_to(), "");
  EXPECT_EQ(m.content_type(), "");
}

/// Four threads, released at once, each take `first_read(m)` of a fresh
/// message and a copy of what it points at; all must see one object, with
/// the value it has once they are done. 50 rounds.
template <class Value, class Make, class Read>
void race_for_first_read(Make make, Read first_read) {
  for (int round = 0; round < 50; ++round) {
    const message m = make();
    std::atomic<bool> go{false};
    std::vector<const Value*> seen(4);
    std::vector<Value> values(4);
    std::vector<std::thread> readers;
    for (std::size_t i = 0; i < seen.size(); ++i)
      readers.emplace_back([&, i] {
        while (!go.load())
          std::this_thread::yield();
        seen[i] = &first_read(m);
        values[i] = *seen[i];
      });
    go = true;
    for (auto& t : readers)
      t.join();
    for (std::size_t i = 0; i < seen.size(); ++i) {
      EXPECT_EQ(seen[i], &first_read(m));
      EXPECT_EQ(values[i], first_read(m));
    }
  }
}

TEST(message_access, threads_reading_a_new_id_at_once_all_get_one_id) {
  // The id is made on first use; several first uses race for it.
  race_for_first_read<std::string>(
      [] {
        return from_frame({{"correlation_id", "c1"}});
      },
      [](const message& m) -> const std::string& {
        EXPECT_EQ(m.correlation_id(), "c1");
        return m.message_id();
      });
  EXPECT_EQ(from_frame({}).message_id().size(), 36u);
}

TEST(message_access, a_copy_taken_before_the_id_is_read_has_the_same_id) {
  auto m = from_list("raw bytes");
  message copy = m;
  message assigned;
  assigned = m;
  EXPECT_EQ(copy.correlation_id().size(), 36u);
  EXPECT_EQ(copy.correlation_id(), m.correlation_id());
  EXPECT_EQ(assigned.message_id(), m.message_id());
  // Nothing to generate stays nothing, copied or not.
  message none;
  message none_copy = none;
  EXPECT_EQ(none_copy.message_id(), "");
}

TEST(message_access, one_generated_id_serves_both_when_neither_is_sent) {
  auto m = from_list("raw bytes");
  EXPECT_EQ(m.format(), payload_format::raw);
  EXPECT_EQ(m.correlation_id().size(), 36u);
  EXPECT_EQ(m.message_id(), m.correlation_id());
}

TEST(message_access, the_first_header_of_a_name_is_the_one_named) {
  // As message::header() finds it, and decode_payload before: read in
  // place, then from the list.
  auto m = from_frame({{"x", "1"},
                       {"reply_to", "first"},
                       {"correlation_id", "c1"},
                       {"reply_to", "second"},
                       {"correlation_id", "c2"}});
  using processing::message_access;
  EXPECT_EQ(m.header("reply_to"), "first");
  EXPECT_EQ(message_access::reply_to(m), "first");
  EXPECT_EQ(message_access::correlation_id(m), "c1");
  EXPECT_EQ(m.reply_to(), "first");
  EXPECT_EQ(m.header("reply_to"), "first");
  EXPECT_EQ(m.correlation_id(), "c1");
  EXPECT_EQ(message_access::reply_to(m), "first");
  EXPECT_EQ(message_access::correlation_id(m), "c1");
}

TEST(message_access, copies_and_moves_name_their_own_headers) {
  std::optional<message> original =
      from_frame({{"correlation_id", "c1"}, {"reply_to", "inbox"}});
  message copy = *original;
  message moved = std::move(*original);
  // Moved from: valid, naming nothing it no longer has.
  EXPECT_EQ(original->reply_to(), original->header("reply_to").value_or(""));
  EXPECT_EQ(processing::message_access::reply_to(*original), "");
  EXPECT_EQ(processing::message_access::correlation_id(*original), "");
  EXPECT_EQ(original->body(), "");
  EXPECT_TRUE(original->headers().empty());
  original.reset();
  for (const message* m : {&copy, &moved}) {
    EXPECT_EQ(m->correlation_id(), "c1");
    EXPECT_EQ(m->reply_to(), "inbox");
    EXPECT_EQ(m->message_id().size(), 36u);
    EXPECT_EQ(&m->reply_to(), &m->headers()[1].value);
  }
  EXPECT_EQ(copy.message_id(), moved.message_id());
}

TEST(message_access, a_channel_subscribed_by_name_is_named_by_its_source) {
  // The channel reader leaves out the name Redis echoes for such a channel.
  auto by_name =
      processing::message_source::named(source_kind::channel, "news");
  auto m = processing::decode_message({"x", {}, {}}, by_name);
  EXPECT_EQ(m.channel(), "news");
  EXPECT_EQ(&m.channel(), &m.source_name());
  // A pattern's message names its own channel, even an empty one.
  auto pattern = processing::message_source::named(source_kind::channel, "*");
  pattern.pattern = true;
  EXPECT_EQ(processing::decode_message({"x", {}, ""}, pattern).channel(), "");
  EXPECT_EQ(processing::decode_message({"x", {}, "a.b"}, pattern).channel(),
            "a.b");
  // Lists and streams have no channel.
  EXPECT_EQ(from_list("x").channel(), "");
  // Copies and moves keep telling it.
  message copy = m;
  message moved = std::move(m);
  EXPECT_EQ(copy.channel(), "news");
  EXPECT_EQ(moved.channel(), "news");
}

TEST(message_access, decodes_every_kind_of_payload_as_decode_payload_does) {
  auto body = std::string(100, 'b');
  auto frame = binary_format_v1::encode({{"correlation_id", "c"},
                                         {"k", "v"},
                                         {"traceparent", "p"},
                                         {"tracestate", "s"},
                                         {"x-redactor-deadline", "1"},
                                         {"traceparent", "second"}},
                                        body)
                   .value();
  // FastStream 0.7.4 counts header lengths in characters: "\u00e9" is 1,
  // not 2 (the value's length field, after the 18-byte fixed part, the
  // header count and the name "k").
  auto by_characters =
      binary_format_v1::encode({{"k", "\u00e9"}}, "body").value();
  ASSERT_EQ(by_characters[24], 2);
  by_characters[24] = 1;
  ASSERT_EQ(binary_format_v1::decode(by_characters)->headers,
            (header_list{{"k", "\u00e9"}}));
  EXPECT_EQ(from_list(by_characters).header("k"), "\u00e9");
  // The same for a header the engine reads (the value's length field ends
  // after the name "reply_to"); read in bytes, its value is "\u00e9".
  auto named_by_characters =
      binary_format_v1::encode({{"reply_to", "\u00e9\u00e9"}, {"y", "z"}},
                               "body")
          .value();
  ASSERT_EQ(named_by_characters[31], 4);
  named_by_characters[31] = 2;
  auto cut = frame.substr(0, 25);
  std::string envelope{
      R"({"data": "hi", "headers": {"correlation_id": "e", "tracestate": "s"}})"};
  auto raw = "raw bytes, long enough to live outside the string: " + body;
  for (const auto& given :
       {frame, by_characters, named_by_characters, cut, envelope, raw}) {
    auto expected = decode_payload(given);
    auto m = from_list(given);
    EXPECT_EQ(m.format(), expected.format) << given;
    if (auto f = binary_format_v1::decode(given)) {
      // Read where they are, as the codec reads them into a copy.
      ASSERT_EQ(m.format(), payload_format::binary_v1);
      for (const auto& h : f->headers)
        EXPECT_EQ(m.header(h.name), *find_header(f->headers, h.name)) << given;
      EXPECT_EQ(m.headers(), f->headers) << given;
      EXPECT_EQ(m.body(), f->body) << given;
    }
    EXPECT_EQ(m.body(), expected.body) << given;
    EXPECT_EQ(m.headers(), expected.headers) << given;
    EXPECT_EQ(m.decode_error().has_value(), expected.frame_error.has_value());
    if (find_header(expected.headers, "correlation_id")) {
      EXPECT_EQ(m.correlation_id(), expected.correlation_id) << given;
    }
    // Those the engine reads by name are found as the payload is decoded.
    for (std::string_view name :
         {"correlation_id", "message_id", "reply_to", "content-type",
          "x-redactor-deadline", "x-redactor-error", "traceparent",
          "tracestate"}) {
      const auto* want = find_header(expected.headers, name);
      EXPECT_EQ(m.header(name),
                want ? std::optional<std::string_view>{*want} : std::nullopt)
          << given << ": " << name;
    }
    EXPECT_EQ(processing::message_access::reply_to(m), expected.reply_to);
  }
}

TEST(message_access, a_frame_is_kept_whole_and_read_in_place) {
  auto payload =
      binary_format_v1::encode({{"correlation_id", "c1"},
                                {"x", "a header long enough to need memory"}},
                               std::string(100, 'b'))
          .value();
  const char* begin = payload.data();
  const char* end = begin + payload.size();
  auto inside = [&](std::string_view v) {
    return v.data() >= begin && v.data() + v.size() <= end;
  };
  auto m = processing::decode_message(
      {std::move(payload), {}, {}},
      processing::message_source::named(source_kind::list, "jobs"));
  EXPECT_TRUE(inside(m.body())) << "the body was copied";
  auto x = m.header("x");
  ASSERT_TRUE(x);
  EXPECT_TRUE(inside(*x)) << "read by name, the headers were copied";
  EXPECT_EQ(m.header("absent"), std::nullopt);
  // What the engine reads to answer a request is read in place too.
  auto cid = processing::message_access::correlation_id(m);
  EXPECT_EQ(cid, "c1");
  EXPECT_TRUE(inside(cid));
  EXPECT_EQ(processing::message_access::reply_to(m), "");
  auto generated = from_frame({{"reply_to", "inbox"}});
  EXPECT_EQ(processing::message_access::reply_to(generated), "inbox");
  EXPECT_EQ(processing::message_access::correlation_id(generated),
            generated.correlation_id());
  // Once read whole, the headers are one list, read once.
  const auto& all = m.headers();
  EXPECT_EQ(all.size(), 2u);
  EXPECT_EQ(&m.headers(), &all);
  EXPECT_EQ(&m.correlation_id(), &all[0].value);
  EXPECT_EQ(m.header("x"), all[1].value);
  // Raw bytes are kept as they came.
  auto raw = std::string(100, 'r');
  const char* raw_at = raw.data();
  auto r = processing::decode_message(
      {std::move(raw), {}, {}},
      processing::message_source::named(source_kind::list, "jobs"));
  EXPECT_EQ(r.body().data(), raw_at) << "the body was copied";
}

TEST(message_access, threads_reading_the_headers_at_once_all_get_one_list) {
  race_for_first_read<header_list>(
      [] {
        return from_frame({{"correlation_id", "c1"}, {"k", "v"}});
      },
      [](const message& m) -> const header_list& {
        EXPECT_EQ(m.headers().size(), 2u);
        return m.headers();
      });
}

TEST(message_access, a_copy_reads_its_own_headers_or_takes_those_read) {
  auto m = from_frame({{"correlation_id", "c1"}, {"k", "v"}});
  message unread_copy = m;
  EXPECT_EQ(m.headers().size(), 2u);
  message read_copy = m;
  m = from_frame({{"other", "headers"}});
  for (const message* c : {&unread_copy, &read_copy}) {
    EXPECT_EQ(c->header("k"), "v");
    EXPECT_EQ(c->headers(),
              (header_list{{"correlation_id", "c1"}, {"k", "v"}}));
    EXPECT_EQ(c->correlation_id(), "c1");
  }
}

TEST(message_access, a_default_message_names_nothing) {
  message m;
  EXPECT_EQ(m.correlation_id(), "");
  EXPECT_EQ(m.message_id(), "");
  EXPECT_EQ(m.reply_to(), "");
  EXPECT_EQ(m.content_type(), "");
  EXPECT_EQ(m.source_name(), "");
  EXPECT_EQ(m.channel(), "");
}

} // namespace
