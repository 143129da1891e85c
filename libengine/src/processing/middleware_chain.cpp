// SPDX-License-Identifier: MIT
#include "processing/middleware_chain.hpp"

#include <exception>
#include <string>

namespace redactor {

void middleware::before_handle(const message&) {
  // nop
}

void middleware::after_handle(const message&, const handling_outcome&) {
  // nop
}

void middleware::before_publish(const destination&, publish_options&) {
  // nop
}

namespace processing {

middleware_chain::middleware_chain(middleware_list list, log_sink log)
    : list_(std::move(list)), log_(std::move(log)) {
  // nop
}

middleware_chain::middleware_chain(std::shared_ptr<middleware> first,
                                   const middleware_chain& rest)
    : log_(rest.log_) {
  list_.reserve(rest.list_.size() + 1);
  list_.push_back(std::move(first));
  list_.insert(list_.end(), rest.list_.begin(), rest.list_.end());
}

template <class Hook>
void middleware_chain::guarded(const char* hook, Hook&& run) const {
  try {
    run();
  } catch (const std::exception& e) {
    if (log_)
      log_(log_level::error,
           std::string{"middleware: "} + hook + " threw: " + e.what());
  } catch (...) {
    if (log_)
      log_(log_level::error, std::string{"middleware: "} + hook + " threw");
  }
}

void middleware_chain::before_handle(const message& m) const {
  for (const auto& mw : list_)
    guarded("before_handle", [&] { mw->before_handle(m); });
}

void middleware_chain::after_handle(const message& m,
                                    const handling_outcome& o) const {
  for (auto i = list_.rbegin(); i != list_.rend(); ++i)
    guarded("after_handle", [&] { (*i)->after_handle(m, o); });
}

void middleware_chain::before_publish(const destination& to,
                                      publish_options& options) const {
  for (const auto& mw : list_)
    guarded("before_publish", [&] { mw->before_publish(to, options); });
}

} // namespace processing
} // namespace redactor
