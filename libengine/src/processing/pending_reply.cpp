// SPDX-License-Identifier: MIT
#include "processing/pending_reply.hpp"

namespace redactor {
namespace processing {

pending_reply::~pending_reply() {
  if (!claim())
    return;
  try {
    settle_(std::nullopt, std::string{"the handler dropped its responder "
                                      "without an answer"});
  } catch (...) {
    // A destructor must not throw; settling only publishes and counts.
  }
}

void pending_reply::answer(std::optional<response> r,
                           std::optional<std::string> failure) {
  if (claim())
    settle_(std::move(r), std::move(failure));
}

} // namespace processing

void responder::respond(response r) const {
  state_->answer(std::move(r), std::nullopt);
}

void responder::fail(std::string why) const {
  state_->answer(std::nullopt, std::move(why));
}

bool responder::answered() const noexcept {
  return state_->answered();
}

} // namespace redactor
