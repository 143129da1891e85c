// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace redactor {

enum class log_level { debug, info, warning, error };

/// One log line and what it is about, for sinks that route or structure
/// logs (spdlog, JSON). The views live only during the sink's call; the
/// fields a line does not concern are empty. Remote strings in them
/// (correlation ids, names, Redis's words) are escaped: no control
/// characters, only valid UTF-8.
struct log_record {
  log_level level = log_level::info;
  /// The whole line, as stderr_log() prints it.
  std::string_view text;
  /// The subscription the line is about ("list jobs").
  std::string_view subscription;
  /// The message's correlation id.
  std::string_view correlation_id;
  /// Where a message was published or a reply sent (a channel, list or
  /// stream name).
  std::string_view destination;
};

/// Receives the engine's log records. Called from engine threads, possibly
/// several at once, so it must be thread-safe; it should not block.
///
/// Made from a callable taking `const log_record&`, or `(log_level,
/// std::string_view text)` for the text alone. Records below `min_level`
/// are not even made: the per-message debug lines (a message received, a
/// reply sent) cost a comparison unless a sink asks for debug.
class log_sink {
 public:
  log_sink() = default;

  template <class F, class = std::enable_if_t<
                         !std::is_same_v<std::decay_t<F>, log_sink>>>
  log_sink(F fn, // NOLINT: implicit on purpose, so lambdas convert
           log_level min_level = log_level::info)
      : min_level_(min_level) {
    if constexpr (std::is_invocable_v<F&, const log_record&>)
      fn_ = std::move(fn);
    else
      fn_ = [f = std::move(fn)](const log_record& r) mutable {
        f(r.level, r.text);
      };
  }

  explicit operator bool() const noexcept { return static_cast<bool>(fn_); }

  log_level min_level() const noexcept { return min_level_; }

  /// Whether a record at `level` reaches the sink.
  bool enabled(log_level level) const noexcept {
    return fn_ && level >= min_level_;
  }

  void operator()(const log_record& r) const {
    if (enabled(r.level))
      fn_(r);
  }

  void operator()(log_level level, std::string_view text) const {
    (*this)(log_record{level, text, {}, {}, {}});
  }

 private:
  std::function<void(const log_record&)> fn_;
  log_level min_level_ = log_level::info;
};

/// Writes lines at `min_level` and above to stderr.
log_sink stderr_log(log_level min_level = log_level::info);

/// Writes records at `min_level` and above to stderr as one JSON object per
/// line: {"level":"error","text":...,"subscription":...,...}, with the
/// fields a record does not concern left out.
log_sink json_log(log_level min_level = log_level::info);

} // namespace redactor
