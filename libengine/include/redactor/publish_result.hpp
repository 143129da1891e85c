// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace redactor {

/// Redis's answer to one publish.
struct publish_result {
  /// PUBLISH: how many subscribers received it (on a cluster: only those
  /// connected to the node that took the PUBLISH; the others get it through
  /// the cluster bus, uncounted). RPUSH: the list length after the push.
  /// XADD: 0.
  long long count = 0;
  /// XADD: the id of the new entry (of a batch: the last); empty otherwise.
  std::string entry_id;
  /// A stream batch (publisher::publish_batch): the id of each new entry,
  /// in order.
  std::vector<std::string> entry_ids;
  /// Durable publishes (publish_options::min_replicas): how many replicas
  /// confirmed the write; -1 when none were asked for.
  long long replicas = -1;
};

} // namespace redactor
