// SPDX-License-Identifier: MIT
#include "requests/request_job.hpp"

namespace redactor::requests {
namespace {

class reporting_job final : public request_job {
 public:
  reporting_job(std::string correlation_id, reply_callback callback)
      : correlation_id_(std::move(correlation_id)),
        callback_(std::move(callback)) {}

  const std::string& correlation_id() const noexcept override {
    return correlation_id_;
  }

  void send(std::uint64_t, std::string) override {
    // Sent by its owner.
  }

  void finish(result<message> outcome) override {
    callback_(std::move(outcome));
  }

 private:
  std::string correlation_id_;
  reply_callback callback_;
};

} // namespace

request_job_ptr callback_job(std::string correlation_id,
                             reply_callback callback) {
  return std::make_shared<reporting_job>(std::move(correlation_id),
                                         std::move(callback));
}

} // namespace redactor::requests
