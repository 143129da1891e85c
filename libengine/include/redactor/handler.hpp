// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "redactor/message.hpp"
#include "redactor/responder.hpp"
#include "redactor/response.hpp"

namespace redactor {

/// What a handler says of itself in the AsyncAPI document
/// (broker::asyncapi()). Every field may stay empty.
struct handler_contract {
  /// One line on what it does.
  std::string summary;
  /// The JSON Schema (JSON text) of the body it reads; empty: any JSON.
  std::string payload_schema;
  /// The JSON Schema of the body it answers with; empty: any JSON.
  std::string reply_schema;
  /// Where its answer goes, as an AsyncAPI runtime expression such as
  /// "$message.payload#/response_queue"; empty: the request's reply_to
  /// header, where a handler's response is published.
  std::string reply_location;
};

/// A user handler, either for one message at a time or for a batch.
///
/// Built from any callable taking `const message&` (single) or
/// `const std::vector<message>&` (batch) and returning one of:
/// - `void`: nothing to publish (a request still gets an empty reply, as in
///   FastStream);
/// - `response`, or `std::optional<response>` (nullopt: nothing);
/// - anything convertible to `std::string`: the reply body.
///
/// Or from a callable taking `(const message&, responder)` and returning
/// void: it answers through the responder, now or later (see responder).
///
/// An exception thrown by the callable is caught by the engine, logged with
/// the subscription and correlation id, and settled by the ack policy; it
/// never takes the engine down.
///
/// For the AsyncAPI document (broker::asyncapi()) a handler may declare a
/// contract, such as the JSON Schemas of what it reads and answers (typed()
/// does); whether it answers at all comes from the callable's return type.
class handler {
 public:
  using single_fn = std::function<std::optional<response>(const message&)>;
  using batch_fn =
      std::function<std::optional<response>(const std::vector<message>&)>;
  using deferred_fn = std::function<void(const message&, responder)>;

  /// No handler; subscribing with one is an error.
  handler() = default;

  template <class F,
            class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, handler>>>
  handler(F fn) { // NOLINT: implicit on purpose, so lambdas convert
    if constexpr (std::is_invocable_v<F&, const message&, responder>) {
      deferred_ = std::move(fn);
      answers_ = true;
    } else if constexpr (std::is_invocable_v<F&, const message&>) {
      answers_ = !std::is_void_v<std::invoke_result_t<F&, const message&>>;
      single_ = [f = std::move(fn)](const message& m) mutable {
        return to_response(f, m);
      };
    } else {
      static_assert(std::is_invocable_v<F&, const std::vector<message>&>,
                    "a handler takes const message& or "
                    "const std::vector<message>&");
      answers_ = !std::is_void_v<
          std::invoke_result_t<F&, const std::vector<message>&>>;
      batch_ = [f = std::move(fn)](const std::vector<message>& ms) mutable {
        return to_response(f, ms);
      };
    }
  }

  bool is_batch() const noexcept { return static_cast<bool>(batch_); }

  /// Answers through a responder.
  bool is_deferred() const noexcept { return static_cast<bool>(deferred_); }

  /// Returns a response or answers through a responder: what a request
  /// to it gets back is worth documenting. A void one still sends an empty
  /// reply to a request.
  bool answers() const noexcept { return answers_; }

  /// Declares what the AsyncAPI document says of it.
  handler& declare(handler_contract contract) & {
    contract_ = std::move(contract);
    return *this;
  }
  handler declare(handler_contract contract) && {
    return std::move(declare(std::move(contract)));
  }
  const handler_contract& contract() const noexcept { return contract_; }

  explicit operator bool() const noexcept {
    return single_ || batch_ || deferred_;
  }

  /// Runs a single handler; throws what the user's callable throws.
  std::optional<response> operator()(const message& m) const {
    return single_(m);
  }

  /// Runs a deferred handler; throws what the user's callable throws.
  void operator()(const message& m, responder reply) const {
    deferred_(m, std::move(reply));
  }

  /// Runs a batch handler; throws what the user's callable throws.
  std::optional<response> operator()(const std::vector<message>& ms) const {
    return batch_(ms);
  }

 private:
  template <class F, class Arg>
  static std::optional<response> to_response(F& f, const Arg& arg) {
    using r = std::invoke_result_t<F&, const Arg&>;
    if constexpr (std::is_void_v<r>) {
      f(arg);
      return std::nullopt;
    } else if constexpr (std::is_convertible_v<r, std::optional<response>>) {
      return f(arg);
    } else {
      static_assert(std::is_convertible_v<r, std::string>,
                    "a handler returns void, response, "
                    "std::optional<response> or a string");
      return response{std::string(f(arg))};
    }
  }

  single_fn single_;
  batch_fn batch_;
  deferred_fn deferred_;
  bool answers_ = false;
  handler_contract contract_;
};

} // namespace redactor
