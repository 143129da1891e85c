// SPDX-License-Identifier: MIT
#pragma once

#include "redactor/list_sub.hpp"
#include "redis/reader.hpp"

namespace redactor::redis {

/// BLMPOP <polling_interval> 1 <list> LEFT|RIGHT COUNT <n>, one at a time;
/// with clear_on_start, a DEL of the list before the first.
class list_reader final : public reader {
 public:
  list_reader(locator_ptr where, list_sub sub, events ev, std::size_t credit);

 protected:
  void on_connected() override;
  void read(std::size_t max) override;

 private:
  list_sub sub_;
  std::string timeout_;
  bool cleared_ = false;
};

} // namespace redactor::redis
