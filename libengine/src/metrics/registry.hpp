// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "metrics/family.hpp"

namespace prometheus {
struct MetricFamily;
} // namespace prometheus

namespace redactor::metrics {

/// The families of one broker, their name prefix and the labels every
/// sample carries (app_name, broker), rendered in the Prometheus text
/// format on demand.
class registry {
 public:
  using constant_labels = std::vector<std::pair<std::string, std::string>>;
  /// Runs before each scrape, to set gauges (and mirrored counters) from
  /// state kept elsewhere.
  using refresher = std::function<void()>;

  registry(std::string prefix, constant_labels labels);

  family<counter>& add_counter(const std::string& name, std::string help,
                               std::vector<std::string> labels);
  family<gauge>& add_gauge(const std::string& name, std::string help,
                           std::vector<std::string> labels);
  /// A counter whose value is kept elsewhere and set by a refresher.
  family<gauge>& add_mirrored_counter(const std::string& name, std::string help,
                                      std::vector<std::string> labels);
  family<histogram>& add_histogram(const std::string& name, std::string help,
                                   std::vector<std::string> labels,
                                   const bucket_bounds& bounds);

  /// A family of one sample, read by `sample` at each scrape, named as it
  /// is (no prefix) and without the constant labels: the process_*
  /// families every Prometheus client exports.
  void add_process_sample(const std::string& name, std::string help,
                          bool as_counter, std::function<double()> sample);

  void add_refresher(refresher r);

  /// The text exposition (format 0.0.4) of every family.
  std::string text() const;

 private:
  struct entry {
    std::string name;
    std::string help;
    /// Writes the family's type and samples into a MetricFamily.
    std::function<void(prometheus::MetricFamily&)> collect;
  };

  template <class Instrument>
  family<Instrument>& add(std::deque<family<Instrument>>& store,
                          const std::string& name, std::string help,
                          bool as_counter, std::vector<std::string> labels,
                          const bucket_bounds* bounds = nullptr);

  std::string prefix_;
  constant_labels constant_;
  // Deques: the families' addresses stay put as more are added.
  std::deque<family<counter>> counters_;
  std::deque<family<gauge>> gauges_;
  std::deque<family<histogram>> histograms_;
  std::vector<entry> entries_;
  std::vector<refresher> refreshers_;
  /// One scrape at a time: refreshers set shared gauges.
  mutable std::mutex scrape_mtx_;
};

} // namespace redactor::metrics
